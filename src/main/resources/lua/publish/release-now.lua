-- Puts one request on the publish stream now and drops its scheduled copy. The fields come from the caller, so the
-- request goes out even if the schedule released the copy already (planning the same request twice plans nothing new).
-- KEYS[1] schedule, KEYS[2] the request's hash, KEYS[3] publish stream
-- ARGV[1] request id, ARGV[2..] field, value pairs
redis.call('ZREM', KEYS[1], ARGV[1])
redis.call('DEL', KEYS[2])
redis.call('XADD', KEYS[3], '*', unpack(ARGV, 2))
return 1
