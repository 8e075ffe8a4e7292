-- Moves one due request (a scheduled publication, or the copy of an immediate request whose caller stopped half-way)
-- onto the publish stream, once: whoever moves it first wins, the others find it gone.
-- KEYS[1] schedule, KEYS[2] the request's hash, KEYS[3] publish stream
-- ARGV[1] request id, ARGV[2] now (ms)
-- Returns 1 when moved, 0 when it is not due or no longer scheduled.
local due = redis.call('ZSCORE', KEYS[1], ARGV[1])
if not due or tonumber(due) > tonumber(ARGV[2]) then return 0 end
local fields = redis.call('HGETALL', KEYS[2])
if #fields > 0 then
  redis.call('XADD', KEYS[3], '*', unpack(fields))
end
redis.call('DEL', KEYS[2])
redis.call('ZREM', KEYS[1], ARGV[1])
return 1
