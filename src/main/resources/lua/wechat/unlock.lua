-- Releases the access-token refresh lock only if this holder still has it (it may have expired and been taken since).
-- KEYS[1] the lock
-- ARGV[1] the holder's value
-- Returns 1 when released, 0 otherwise.
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('DEL', KEYS[1])
end
return 0
