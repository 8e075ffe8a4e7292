-- An approved (or already published) current version starts going out: PUBLISHING, remembering the state it came
-- from (a publication the gate refuses goes back there), the channels, and the version now live.
-- KEYS[1] item meta hash
-- ARGV[1] version, ARGV[2] channels (comma list), ARGV[3] now
-- Returns 1 when the publication may proceed, 0 when the version is not current or not in a publishable state.
local m = redis.call('HMGET', KEYS[1], 'version', 'state', 'withdrawnVersion', 'publishedVersion')
if m[1] ~= ARGV[1] then return 0 end
if tonumber(m[3] or '0') >= tonumber(ARGV[1]) then return 0 end
local st = m[2]
if st == 'APPROVED' or st == 'PUBLISHED' or st == 'PARTIALLY_PUBLISHED' then
  redis.call('HSET', KEYS[1], 'prePublishState', st, 'prePublishedVersion', m[4] or '0')
elseif st ~= 'PUBLISHING' then
  return 0
end
redis.call('HSET', KEYS[1], 'state', 'PUBLISHING', 'stateReason', '', 'stateAt', ARGV[3], 'pubVersion', ARGV[1],
  'pubChannels', ARGV[2], 'publishedVersion', ARGV[1], 'scheduledAt', '')
return 1
