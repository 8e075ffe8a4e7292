-- Keeps a publication request until it is due: its fields in a hash, its id in the schedule by due time. A request
-- handled at once is enqueued too, a little in the future, and released right after the item's state changed, so a
-- crash between the two is repaired by the schedule instead of losing the request.
-- KEYS[1] schedule (sorted set of request ids by due ms), KEYS[2] the request's hash
-- ARGV[1] due (ms), ARGV[2] request id, ARGV[3..] field, value pairs
redis.call('HSET', KEYS[2], unpack(ARGV, 3))
redis.call('ZADD', KEYS[1], ARGV[1], ARGV[2])
return 1
