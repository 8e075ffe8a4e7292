-- Withdraws what is live: the current version when it is approved or out, otherwise the version published last
-- (an editor's newer draft keeps its own state). Every version up to the withdrawn one is refused by the gate from
-- now on; a scheduled publication is cancelled.
-- KEYS[1] item meta hash
-- ARGV[1] reason, ARGV[2] by, ARGV[3] now, ARGV[4] the version the caller expects to withdraw
-- Returns {'ok', withdrawn version} or {'missing'} / {'not-published', state} / {'already', withdrawn version} /
-- {'changed', the version that would be withdrawn now}.
local m = redis.call('HMGET', KEYS[1], 'version', 'state', 'publishedVersion', 'withdrawnVersion')
if not m[1] then return {'missing'} end
local cur, st = tonumber(m[1]), m[2]
local pub, wv = tonumber(m[3] or '0'), tonumber(m[4] or '0')
local live = st == 'APPROVED' or st == 'PUBLISHING' or st == 'PUBLISHED' or st == 'PARTIALLY_PUBLISHED'
local target
if live then target = cur elseif pub > 0 then target = pub else return {'not-published', st} end
if wv >= target then return {'already', tostring(wv)} end
if tostring(target) ~= ARGV[4] then return {'changed', tostring(target)} end
redis.call('HSET', KEYS[1], 'withdrawnVersion', target, 'withdrawalReason', ARGV[1], 'withdrawnBy', ARGV[2],
  'withdrawnAt', ARGV[3], 'scheduledAt', '')
if live then
  redis.call('HSET', KEYS[1], 'state', 'WITHDRAWN', 'stateReason', ARGV[1], 'stateAt', ARGV[3])
end
return {'ok', tostring(target)}
