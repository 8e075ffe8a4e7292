-- Writes version expected+1 and moves the item back to DRAFT (reviews of older versions stop counting).
-- KEYS[1] item meta hash, KEYS[2] the new version's key
-- ARGV[1] expected current version, ARGV[2] 索引号 the new version was hashed with, ARGV[3] version JSON,
-- ARGV[4] author, ARGV[5] now
-- Returns the new version, -1 when another edit got there first, -2 when the 索引号 differs from the item's.
local m = redis.call('HMGET', KEYS[1], 'version', 'indexNumber')
local cur = tonumber(m[1] or '-1')
if cur ~= tonumber(ARGV[1]) then return -1 end
if m[2] ~= ARGV[2] then return -2 end
redis.call('SET', KEYS[2], ARGV[3])
redis.call('HSET', KEYS[1], 'version', cur + 1, 'state', 'DRAFT', 'stateReason', '', 'scheduledAt', '',
  'updatedBy', ARGV[4], 'updatedAt', ARGV[5])
return cur + 1
