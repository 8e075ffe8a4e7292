-- A console session, if it has not ended: its fields, and its idle timer started again.
-- KEYS[1] the session's hash; ARGV[1] idle timeout (ms); ARGV[2] now (epoch ms); ARGV[3] the longest a session lives (ms)
local f = redis.call('HGETALL', KEYS[1])
if #f == 0 then
  return f
end
local created
for i = 1, #f, 2 do
  if f[i] == 'createdAt' then created = tonumber(f[i + 1]) end
end
local now = tonumber(ARGV[2])
if created == nil or now - created >= tonumber(ARGV[3]) then
  redis.call('DEL', KEYS[1])
  return {}
end
redis.call('HSET', KEYS[1], 'lastSeenAt', ARGV[2])
redis.call('PEXPIRE', KEYS[1], ARGV[1])
return f
