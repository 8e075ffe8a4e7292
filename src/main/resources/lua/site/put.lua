-- Puts one item online on the static site (or replaces it), if its entry is still what the caller read.
-- KEYS[1] the item's entry ({site}:item:<id>), KEYS[2] every item online ({site}:online),
-- KEYS[3] the item's column ({site}:column:<code>), KEYS[4] the column it was in (KEYS[3] when new or unchanged),
-- KEYS[5] the site's generation counter ({site}:generation)
-- ARGV[1] the entry JSON the caller read ('' when none), ARGV[2] the new entry JSON, ARGV[3] item id,
-- ARGV[4] score: when it first went online (ms)
-- Returns the new generation, or -1 when the entry changed since it was read (nothing written).
local cur = redis.call('GET', KEYS[1]) or ''
if cur ~= ARGV[1] then return -1 end
redis.call('SET', KEYS[1], ARGV[2])
redis.call('ZADD', KEYS[2], ARGV[4], ARGV[3])
if KEYS[4] ~= KEYS[3] then redis.call('ZREM', KEYS[4], ARGV[3]) end
redis.call('ZADD', KEYS[3], ARGV[4], ARGV[3])
return redis.call('INCR', KEYS[5])
