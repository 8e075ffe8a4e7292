-- Moves the item's current version from one of the given states to another.
-- KEYS[1] item meta hash
-- ARGV[1] version (must be current), ARGV[2] new state, ARGV[3] reason ('' for none), ARGV[4] now, ARGV[5..] allowed from-states
-- Returns 1 when moved, 0 when the item is in another state or has a newer version.
local m = redis.call('HMGET', KEYS[1], 'version', 'state')
if m[1] ~= ARGV[1] then return 0 end
for i = 5, #ARGV do
  if m[2] == ARGV[i] then
    redis.call('HSET', KEYS[1], 'state', ARGV[2], 'stateReason', ARGV[3], 'stateAt', ARGV[4])
    return 1
  end
end
return 0
