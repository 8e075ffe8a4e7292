-- Writes one subscriber's record and its bucket's indexes, if the record is still what the writer read.
-- KEYS[1] the record, KEYS[2] the bucket's set of all ids, KEYS[3..] tag sets of the bucket: first ARGV[4] of them
--         the tags the subscriber no longer has (removed), then every tag it has now (added)
-- ARGV[1] id, ARGV[2] the new record (JSON), ARGV[3] the record read before ('' when there was none), ARGV[4] count
--         of tag sets to remove from
-- Returns 1 when written, 0 when the record changed meanwhile.
local cur = redis.call('GET', KEYS[1])
if ARGV[3] == '' then
  if cur then return 0 end
elseif cur ~= ARGV[3] then
  return 0
end
redis.call('SET', KEYS[1], ARGV[2])
redis.call('ZADD', KEYS[2], 0, ARGV[1])
local removed = tonumber(ARGV[4])
for i = 3, 2 + removed do redis.call('ZREM', KEYS[i], ARGV[1]) end
for i = 3 + removed, #KEYS do redis.call('ZADD', KEYS[i], 0, ARGV[1]) end
return 1
