-- Records the people of one bucket a notice publication skipped, each once, and counts them by channel and reason.
-- KEYS[1] the skips (set of 'id|channel'), KEYS[2] their counts (hash 'channel|reason' -> n; channel '*' for a person
--         reached on no channel)
-- ARGV triples: id, channel, reason
-- Returns how many skips were new.
local n = 0
for i = 1, #ARGV, 3 do
  if redis.call('SADD', KEYS[1], ARGV[i] .. '|' .. ARGV[i + 1]) == 1 then
    redis.call('HINCRBY', KEYS[2], ARGV[i + 1] .. '|' .. ARGV[i + 2], 1)
    n = n + 1
  end
end
return n
