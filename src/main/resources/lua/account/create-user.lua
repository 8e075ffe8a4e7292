-- Creates a user in one step, so a failed create leaves neither a half-written hash nor a claimed name.
-- A name is taken when it is in the set of names; a stray hash without that (edited by hand) is replaced.
-- KEYS[1] the user's hash (RedisKeys.user), KEYS[2] the set of names (RedisKeys.users); both tagged {users}
-- ARGV[1] the user name, ARGV[2..] field, value, field, value ... of the user's hash
-- Returns 1 when created, 0 when the name is taken.
if redis.call('SISMEMBER', KEYS[2], ARGV[1]) == 1 then
  return 0
end
redis.call('DEL', KEYS[1])
redis.call('HSET', KEYS[1], unpack(ARGV, 2))
redis.call('SADD', KEYS[2], ARGV[1])
return 1
