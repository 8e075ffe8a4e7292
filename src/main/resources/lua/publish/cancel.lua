-- Drops a request that will not be carried out (the item could not change state).
-- KEYS[1] schedule, KEYS[2] the request's hash
-- ARGV[1] request id
redis.call('ZREM', KEYS[1], ARGV[1])
return redis.call('DEL', KEYS[2])
