-- Counts one failed sign-in and sets the lock it earns: after ARGV[2] free failures each further one locks for
-- ARGV[3] ms, doubled per failure, at most ARGV[4] ms. The counter is forgotten ARGV[5] ms after the last failure
-- (or when its lock ends, if later), so no counter outlives a quiet hour.
-- KEYS[1] a failure counter hash {count, lockedUntil} (RedisKeys.signInFailures or RedisKeys.signInFailuresFrom)
-- ARGV[1] now (Unix ms), ARGV[2] free failures, ARGV[3] first lock (ms), ARGV[4] longest lock (ms), ARGV[5] forget after (ms)
-- Returns when the lock ends (Unix ms), 0 when this failure earns none.
local now = tonumber(ARGV[1])
local free = tonumber(ARGV[2])
local count = redis.call('HINCRBY', KEYS[1], 'count', 1)
local ends = 0
if count > free then
  local lock = math.min(tonumber(ARGV[3]) * 2 ^ math.min(count - free - 1, 40), tonumber(ARGV[4]))
  ends = now + lock
  redis.call('HSET', KEYS[1], 'lockedUntil', string.format('%d', ends))
end
redis.call('PEXPIRE', KEYS[1], math.max(tonumber(ARGV[5]), ends - now))
return ends
