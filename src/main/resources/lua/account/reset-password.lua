-- Sets a user's password hash and raises the user's sign-in epoch: failure counters are keyed by epoch
-- (RedisKeys.signInFailures), so the locks earned under the old password stop applying and expire unread.
-- KEYS[1] the user's hash (RedisKeys.user), KEYS[2] the set of names (RedisKeys.users); both tagged {users}
-- ARGV[1] the user name, ARGV[2] the new password hash
-- Returns 1 when set, 0 when there is no such user.
if redis.call('SISMEMBER', KEYS[2], ARGV[1]) == 0 then
  return 0
end
redis.call('HSET', KEYS[1], 'passwordHash', ARGV[2])
redis.call('HINCRBY', KEYS[1], 'signInEpoch', 1)
return 1
