-- Holds deliveries back for a while without using one of their attempts: quiet hours, a rate limit's later slot. They
-- go to RETRYING with their due time and come back through the retry schedule. A delivery just claimed for this batch
-- (SENDING in the given attempt, nothing sent) is unclaimed; one PLANNED or RETRYING in the given attempt keeps it.
-- `reserved` marks a delivery whose rate-limit slot is already taken: it passes the limit when it comes back.
-- KEYS: see lib.lua (KEYS[16..] the deliveries)
-- ARGV[1] now, ARGV[2] now (ms), ARGV[3] reason, then per delivery 5 values: id, attempt, due (ms), reserved (1/0),
-- due (ISO, shown as nextAttemptAt)
-- Returns how many were held.
local now, nowMs, reason = ARGV[1], ARGV[2], ARGV[3]
local n = 0
for i = 4, #ARGV, 5 do
  local id, att, due, reserved = ARGV[i], tonumber(ARGV[i + 1]), ARGV[i + 2], ARGV[i + 3]
  local k = KEYS[FIRST + (i - 4) / 5]
  local h = redis.call('HMGET', k, 'state', 'attempt')
  local st, cur = h[1], tonumber(h[2] or '0')
  local back = nil
  if (st == 'PLANNED' or st == 'RETRYING') and cur == att then
    back = cur
  elseif st == 'SENDING' and cur == att + 1 then
    back = att
  end
  if back then
    redis.call('HSET', k, 'state', 'RETRYING', 'attempt', back, 'updatedAt', now, 'lastError', reason,
      'nextAttemptAt', ARGV[i + 4], 'rateReserved', reserved)
    enter(k, id, st, 'RETRYING', nowMs)
    redis.call('ZADD', KEYS[2], due, id)
    n = n + 1
  end
end
flushProgress()
return n
