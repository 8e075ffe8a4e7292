-- Puts an item on a screen's playlist. Showings that ran out meanwhile go to the ledger as expired; the item's earlier
-- showing of another version goes there as replaced; the same version again (a resend) keeps its showing and its
-- times. An older version than the one showing changes nothing.
-- KEYS[1] shows hash (item -> {item, version, title, from, until}), KEYS[2] pages hash (item -> pages JSON),
-- KEYS[3] ledger sorted set (ended showing JSON, scored by its end in ms)
-- ARGV[1] item, ARGV[2] version, ARGV[3] title, ARGV[4] now (ms), ARGV[5] until (ms), ARGV[6] pages JSON
-- Returns 'added', 'kept' (same version) or 'newer' (a newer version is showing).
local now = tonumber(ARGV[4])
local version = tonumber(ARGV[2])
local function close(item, s, ended, at)
  redis.call('ZADD', KEYS[3], at, cjson.encode({item = item, version = s.version, title = s.title, from = s.from, to = at, ended = ended}))
  redis.call('HDEL', KEYS[1], item)
  redis.call('HDEL', KEYS[2], item)
end
local all = redis.call('HGETALL', KEYS[1])
for i = 1, #all, 2 do
  local s = cjson.decode(all[i + 1])
  if s['until'] <= now then close(all[i], s, 'expired', s['until']) end
end
local prev = redis.call('HGET', KEYS[1], ARGV[1])
if prev then
  local p = cjson.decode(prev)
  if p.version > version then return 'newer' end
  if p.version == version then
    redis.call('HSET', KEYS[2], ARGV[1], ARGV[6])
    return 'kept'
  end
  close(ARGV[1], p, 'replaced', now)
end
redis.call('HSET', KEYS[1], ARGV[1], cjson.encode({item = ARGV[1], version = version, title = ARGV[3], from = now, ['until'] = tonumber(ARGV[5])}))
redis.call('HSET', KEYS[2], ARGV[1], ARGV[6])
return 'added'
