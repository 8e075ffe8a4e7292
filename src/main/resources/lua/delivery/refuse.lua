-- Ends PLANNED or RETRYING deliveries the review gate refused as REFUSED, with the reason.
-- KEYS: see lib.lua (KEYS[16..] the deliveries)
-- ARGV[1] now, ARGV[2] now (ms), ARGV[3] reason, then the delivery ids
-- Returns how many were refused.
local now, nowMs, reason = ARGV[1], ARGV[2], ARGV[3]
local n = 0
for i = 4, #ARGV do
  local id = ARGV[i]
  local k = KEYS[FIRST + i - 4]
  local st = redis.call('HGET', k, 'state')
  if st == 'PLANNED' or st == 'RETRYING' then
    redis.call('HSET', k, 'state', 'REFUSED', 'updatedAt', now, 'lastError', reason, 'nextAttemptAt', '')
    redis.call('ZREM', KEYS[2], id)
    enter(k, id, st, 'REFUSED', nowMs)
    progress('REFUSED', 1)
    n = n + 1
  end
end
flushProgress()
return n
