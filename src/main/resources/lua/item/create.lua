-- Writes a new item: its lifecycle hash and version 1 together, so no reader sees one without the other.
-- KEYS[1] item meta hash ({item:<id>}:meta), KEYS[2] version 1 ({item:<id>}:v:1)
-- ARGV[1] version JSON, ARGV[2] item id, ARGV[3] 索引号, ARGV[4] author, ARGV[5] now (ISO-8601)
-- Returns 1, or 0 when the item already exists.
if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
redis.call('SET', KEYS[2], ARGV[1])
redis.call('HSET', KEYS[1], 'id', ARGV[2], 'version', 1, 'state', 'DRAFT', 'indexNumber', ARGV[3],
  'createdBy', ARGV[4], 'createdAt', ARGV[5], 'updatedBy', ARGV[4], 'updatedAt', ARGV[5], 'publishedVersion', 0)
return 1
