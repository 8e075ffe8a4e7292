-- Removes address -> id entries of an address index where they still point at that id.
-- KEYS[1] the index (hash)
-- ARGV pairs: address, id
-- Returns how many entries were removed.
local n = 0
for i = 1, #ARGV, 2 do
  if redis.call('HGET', KEYS[1], ARGV[i]) == ARGV[i + 1] then
    redis.call('HDEL', KEYS[1], ARGV[i])
    n = n + 1
  end
end
return n
