-- A person's retry (DEAD, FAILED) or resend (IN_DOUBT): back to RETRYING with a fresh attempt budget and onto the
-- bucket's stream, counted out of its terminal state.
-- KEYS: see lib.lua (KEYS[16] the delivery; KEYS[9..11] the counters of the periods of the delivery's last update,
-- where a FAILED or DEAD one was counted as failed: it is counted out again, so `failed` always equals the records)
-- ARGV[1] now, ARGV[2] now (ms), ARGV[3] delivery id, ARGV[4] allowed states (comma list), ARGV[5] by
-- Returns the state it left, or an error reply 'missing' / 'state <STATE>'.
local k = KEYS[FIRST]
local h = redis.call('HMGET', k, 'state', 'attempt', 'itemId', 'version', 'action', 'channel', 'bucket', 'kind')
if not h[1] then return redis.error_reply('missing') end
if not string.find(',' .. ARGV[4] .. ',', ',' .. h[1] .. ',', 1, true) then return redis.error_reply('state ' .. h[1]) end
redis.call('HSET', k, 'state', 'RETRYING', 'attemptBase', h[2], 'updatedAt', ARGV[1], 'nextAttemptAt', '', 'requeuedBy', ARGV[5])
enter(k, ARGV[3], h[1], 'RETRYING', ARGV[2])
progress(h[1], -1)
if h[1] == 'FAILED' or h[1] == 'DEAD' then
  local field = h[8] == 'notice' and 'notice.failed' or 'failed'
  for p = 9, 11 do redis.call('HINCRBY', KEYS[p], field, -1) end
end
flushProgress()
redis.call('XADD', KEYS[15], '*', 'itemId', h[3], 'version', h[4], 'action', h[5], 'channel', h[6], 'bucket', h[7],
  'deliveries', ARGV[3] .. ':' .. h[2])
return h[1]
