-- Takes an item off a screen's playlist (a withdrawal): its showing goes to the ledger as withdrawn, or as expired at
-- its end when it had run out already.
-- KEYS[1] shows hash, KEYS[2] pages hash, KEYS[3] ledger sorted set (as in put.lua)
-- ARGV[1] item, ARGV[2] now (ms)
-- Returns 1 when the item was on the playlist, 0 when not.
local now = tonumber(ARGV[2])
local prev = redis.call('HGET', KEYS[1], ARGV[1])
if not prev then return 0 end
local s = cjson.decode(prev)
local ended, at = 'withdrawn', now
if s['until'] <= now then ended, at = 'expired', s['until'] end
redis.call('ZADD', KEYS[3], at, cjson.encode({item = ARGV[1], version = s.version, title = s.title, from = s.from, to = at, ended = ended}))
redis.call('HDEL', KEYS[1], ARGV[1])
redis.call('HDEL', KEYS[2], ARGV[1])
return 1
