-- A publication the gate refused before anything was planned: back to the state it started from, with the reason.
-- KEYS[1] item meta hash
-- ARGV[1] version, ARGV[2] reason, ARGV[3] now
-- Returns 1 when the item was moved back, 0 when it was not PUBLISHING that version.
local m = redis.call('HMGET', KEYS[1], 'version', 'state', 'prePublishState', 'pubVersion', 'prePublishedVersion')
if m[1] ~= ARGV[1] or m[2] ~= 'PUBLISHING' or m[4] ~= ARGV[1] then return 0 end
local back = m[3]
if not back or back == '' then back = 'APPROVED' end
redis.call('HSET', KEYS[1], 'state', back, 'stateReason', ARGV[2], 'stateAt', ARGV[3], 'publishedVersion', m[5] or '0')
return 1
