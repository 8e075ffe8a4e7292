-- Claims the deliveries of one batch just before it is handed to the transport: PLANNED or RETRYING with the expected
-- attempt → SENDING (recorded before anything leaves). One found SENDING again after a crash is resent where the
-- channel is resend-safe, else left IN_DOUBT for a person; one past its attempts is DEAD.
-- KEYS: see lib.lua (KEYS[16..] the deliveries)
-- ARGV[1] now, ARGV[2] now (ms), ARGV[3] consumer, ARGV[4] resend-safe (1/0), ARGV[5] max attempts,
-- ARGV[6] redelivered (1/0), then per delivery: id, expected attempt
-- Returns JSON: [{id, code, attempt, targetId, address, label}], code one of CLAIMED IN_DOUBT DEAD STALE SKIP MISSING.
local now, nowMs = ARGV[1], ARGV[2]
local out = {}
for i = 7, #ARGV, 2 do
  local id, exp = ARGV[i], tonumber(ARGV[i + 1])
  local k = KEYS[FIRST + (i - 7) / 2]
  local h = redis.call('HMGET', k, 'state', 'attempt', 'attemptBase', 'targetId', 'targetAddress', 'targetLabel')
  local st, att, base = h[1], tonumber(h[2] or '0'), tonumber(h[3] or '0')
  local code = 'SKIP'
  if not st then
    code = 'MISSING'
  elseif st == 'PLANNED' or st == 'RETRYING' then
    if att == exp then
      att = att + 1
      redis.call('HSET', k, 'state', 'SENDING', 'attempt', att, 'consumer', ARGV[3], 'updatedAt', now)
      enter(k, id, st, 'SENDING', nowMs)
      code = 'CLAIMED'
    else
      code = 'STALE'
    end
  elseif st == 'SENDING' and ARGV[6] == '1' and att == exp + 1 then
    if att - base >= tonumber(ARGV[5]) then
      redis.call('HSET', k, 'state', 'DEAD', 'updatedAt', now,
        'lastError', 'gave up after ' .. (att - base) .. ' attempts; the last ended without a result (consumer stopped)')
      enter(k, id, st, 'DEAD', nowMs)
      progress('DEAD', 1)
      code = 'DEAD'
    elseif ARGV[4] == '1' then
      att = att + 1
      redis.call('HSET', k, 'attempt', att, 'consumer', ARGV[3], 'updatedAt', now)
      code = 'CLAIMED'
    else
      redis.call('HSET', k, 'state', 'IN_DOUBT', 'updatedAt', now,
        'lastError', 'the hub stopped between sending and recording; the channel cannot de-duplicate, so a person must decide whether to resend')
      enter(k, id, st, 'IN_DOUBT', nowMs)
      progress('IN_DOUBT', 1)
      code = 'IN_DOUBT'
    end
  end
  out[#out + 1] = {id = id, code = code, attempt = att, targetId = h[4] or '', address = h[5] or '', label = h[6] or ''}
end
flushProgress()
return cjson.encode(out)
