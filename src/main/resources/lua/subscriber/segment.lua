-- Resolves a segment in one bucket: the ids with every tag of `all` (or every id when `all` is empty), at least one
-- of `any` (when given), none of `not`, into a sorted set (score 0) kept for ARGV[4] seconds.
-- KEYS[1] the resolved set, KEYS[2] scratch, KEYS[3] the bucket's set of all ids, then the tag sets of the bucket:
--         ARGV[1] of `all`, ARGV[2] of `any`, ARGV[3] of `not`
-- Returns the number of ids in the resolved set.
local nAll, nAny, nNot = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
local allK, anyK, notK = {}, {}, {}
local i = 4
for _ = 1, nAll do allK[#allK + 1] = KEYS[i]; i = i + 1 end
for _ = 1, nAny do anyK[#anyK + 1] = KEYS[i]; i = i + 1 end
for _ = 1, nNot do notK[#notK + 1] = KEYS[i]; i = i + 1 end
redis.call('DEL', KEYS[1])
if nAll > 0 then
  redis.call('ZINTERSTORE', KEYS[1], nAll, unpack(allK))
else
  redis.call('ZUNIONSTORE', KEYS[1], 1, KEYS[3])
end
if nAny > 0 then
  redis.call('ZUNIONSTORE', KEYS[2], nAny, unpack(anyK))
  redis.call('ZINTERSTORE', KEYS[1], 2, KEYS[1], KEYS[2])
  redis.call('DEL', KEYS[2])
end
if nNot > 0 then
  redis.call('ZDIFFSTORE', KEYS[1], 1 + nNot, KEYS[1], unpack(notK))
end
local n = redis.call('ZCARD', KEYS[1])
if n > 0 then redis.call('EXPIRE', KEYS[1], tonumber(ARGV[4])) end
return n
