-- Takes one item off the static site, if its entry is still what the caller read.
-- KEYS[1] the item's entry ({site}:item:<id>), KEYS[2] every item online ({site}:online),
-- KEYS[3] its column ({site}:column:<code>), KEYS[4] the site's generation counter ({site}:generation)
-- ARGV[1] the entry JSON the caller read, ARGV[2] item id
-- Returns the new generation, or -1 when the entry changed since it was read (nothing removed).
local cur = redis.call('GET', KEYS[1]) or ''
if cur ~= ARGV[1] then return -1 end
redis.call('DEL', KEYS[1])
redis.call('ZREM', KEYS[2], ARGV[2])
redis.call('ZREM', KEYS[3], ARGV[2])
return redis.call('INCR', KEYS[4])
