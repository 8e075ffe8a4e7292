-- Shared by claim.lua, complete.lua, refuse.lua and requeue.lua (loaded in front of each): the KEYS they all get,
-- for one publication in one bucket of one channel (one hash tag, so one cluster slot), and the bookkeeping every
-- state change does, so the indexes and the counters always agree with the delivery records.
-- KEYS[1]      progress of the publication in this bucket (hash: planned, and one count per terminal state)
-- KEYS[2]      retry schedule (sorted set: delivery id by due ms)
-- KEYS[3..7]   state indexes RETRYING, DEAD, FAILED, REFUSED, IN_DOUBT (members '<13-digit ms>|<id>', score 0)
-- KEYS[8]      the item's deliveries in those states in this bucket (same members)
-- KEYS[9..11]  counters of the day, month and year (hashes)
-- KEYS[12..14] items that had a message out in the day, month and year (sets)
-- KEYS[15]     the bucket's stream
-- KEYS[16..]   one delivery hash per delivery named in ARGV, in the same order
local FIRST = 16
local INDEX = {RETRYING = 3, DEAD = 4, FAILED = 5, REFUSED = 6, IN_DOUBT = 7}

-- moves delivery hash k (id) from state `from` to `to` in the indexes; the caller sets the state field
local function enter(k, id, from, to, nowMs)
  if INDEX[from] then
    local old = redis.call('HGET', k, 'stateMember')
    if old then
      redis.call('ZREM', KEYS[INDEX[from]], old)
      redis.call('ZREM', KEYS[8], old)
    end
  end
  if INDEX[to] then
    local member = string.format('%013d', tonumber(nowMs)) .. '|' .. id
    redis.call('ZADD', KEYS[INDEX[to]], 0, member)
    redis.call('ZADD', KEYS[8], 0, member)
    redis.call('HSET', k, 'stateMember', member)
  elseif INDEX[from] then
    redis.call('HDEL', k, 'stateMember')
  end
end

-- progress counts are added up while the script runs and written once per field at its end (flushProgress)
local tally = {}
local function progress(field, by)
  tally[field] = (tally[field] or 0) + by
end

local function flushProgress()
  for field, by in pairs(tally) do
    if by ~= 0 then redis.call('HINCRBY', KEYS[1], field, by) end
  end
end
