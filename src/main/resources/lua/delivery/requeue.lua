-- A person's retry (DEAD, FAILED) or resend (IN_DOUBT): back to RETRYING with a fresh attempt budget and onto the
-- bucket's stream, counted out of its terminal state.
-- KEYS: see lib.lua (KEYS[16] the delivery)
-- ARGV[1] now, ARGV[2] now (ms), ARGV[3] delivery id, ARGV[4] allowed states (comma list), ARGV[5] by
-- Returns the state it left, or an error reply 'missing' / 'state <STATE>'.
local k = KEYS[FIRST]
local h = redis.call('HMGET', k, 'state', 'attempt', 'itemId', 'version', 'action', 'channel', 'bucket')
if not h[1] then return redis.error_reply('missing') end
if not string.find(',' .. ARGV[4] .. ',', ',' .. h[1] .. ',', 1, true) then return redis.error_reply('state ' .. h[1]) end
redis.call('HSET', k, 'state', 'RETRYING', 'attemptBase', h[2], 'updatedAt', ARGV[1], 'nextAttemptAt', '', 'requeuedBy', ARGV[5])
enter(k, ARGV[3], h[1], 'RETRYING', ARGV[2])
progress(h[1], -1)
flushProgress()
redis.call('XADD', KEYS[15], '*', 'itemId', h[3], 'version', h[4], 'action', h[5], 'channel', h[6], 'bucket', h[7],
  'deliveries', ARGV[3] .. ':' .. h[2])
return h[1]
