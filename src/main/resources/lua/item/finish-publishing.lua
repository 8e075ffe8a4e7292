-- Every delivery of the publication of a version has finished: PUBLISHED or PARTIALLY_PUBLISHED; the first time a
-- version gets there is kept as publishedAt:<version>.
-- KEYS[1] item meta hash
-- ARGV[1] version, ARGV[2] PUBLISHED or PARTIALLY_PUBLISHED, ARGV[3] reason ('' for none), ARGV[4] now
-- Returns 1 when the state changed, 0 when the version is no longer current or the item left publication.
local m = redis.call('HMGET', KEYS[1], 'version', 'state')
if m[1] ~= ARGV[1] then return 0 end
if m[2] ~= 'PUBLISHING' and m[2] ~= 'PUBLISHED' and m[2] ~= 'PARTIALLY_PUBLISHED' then return 0 end
if m[2] == ARGV[2] then return 0 end
redis.call('HSET', KEYS[1], 'state', ARGV[2], 'stateReason', ARGV[3], 'stateAt', ARGV[4])
-- the first time this version was published, for the disclosure deadlines (a later re-publication keeps it)
redis.call('HSETNX', KEYS[1], 'publishedAt:' .. ARGV[1], ARGV[4])
return 1
