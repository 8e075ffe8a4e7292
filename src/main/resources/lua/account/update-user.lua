-- Changes a user's display name and/or roles in one step, refusing to take ADMIN from the last user who holds it
-- and can sign in (has a password hash). Every user's hash arrives in KEYS, so the count of ADMINs is read in the
-- same step as the write; the caller lists the names it read first, and a list that no longer matches the set of
-- names (a user was created meanwhile) is answered STALE for the caller to read again.
-- KEYS[1] the user's hash (RedisKeys.user), KEYS[2] the set of names (RedisKeys.users),
-- KEYS[3..] the hashes of every other user, in the order of ARGV[4..]; all tagged {users}
-- ARGV[1] the user name, ARGV[2] the new display name or '' to keep it, ARGV[3] the new roles (comma-separated) or ''
-- to keep them, ARGV[4..] the other user names
-- Returns {'OK', old display name, old roles}, or {'MISSING'}, {'STALE'}, {'LAST_ADMIN'}.
if redis.call('SISMEMBER', KEYS[2], ARGV[1]) == 0 then
  return {'MISSING'}
end
if redis.call('SCARD', KEYS[2]) ~= #KEYS - 1 then
  return {'STALE'}
end
for i = 4, #ARGV do
  if redis.call('SISMEMBER', KEYS[2], ARGV[i]) == 0 then
    return {'STALE'}
  end
end
local function admin(roles)
  for r in string.gmatch(roles or '', '[^,]+') do
    if string.match(r, '^%s*(.-)%s*$') == 'ADMIN' then
      return true
    end
  end
  return false
end
local old = redis.call('HMGET', KEYS[1], 'displayName', 'roles')
if ARGV[3] ~= '' and admin(old[2]) and not admin(ARGV[3]) then
  local others = 0
  for i = 3, #KEYS do
    local h = redis.call('HMGET', KEYS[i], 'roles', 'passwordHash')
    if h[2] and admin(h[1]) then
      others = others + 1
    end
  end
  if others == 0 then
    return {'LAST_ADMIN'}
  end
end
if ARGV[2] ~= '' then
  redis.call('HSET', KEYS[1], 'displayName', ARGV[2])
end
if ARGV[3] ~= '' then
  redis.call('HSET', KEYS[1], 'roles', ARGV[3])
end
return {'OK', old[1] or '', old[2] or ''}
