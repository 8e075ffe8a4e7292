-- Deletes one subscriber's record and takes it out of its bucket's indexes, if the record is what the caller read.
-- KEYS[1] the record, KEYS[2] the bucket's set of all ids, KEYS[3..] the tag sets it is in
-- ARGV[1] id, ARGV[2] the record read before
-- Returns 1 when deleted, 0 when there was no such record or it changed meanwhile.
if redis.call('GET', KEYS[1]) ~= ARGV[2] then return 0 end
redis.call('DEL', KEYS[1])
redis.call('ZREM', KEYS[2], ARGV[1])
for i = 3, #KEYS do redis.call('ZREM', KEYS[i], ARGV[1]) end
return 1
