-- Records what the transport said for each delivery of a batch, with the counters, in one step: SENT (reference),
-- FAILED or SKIPPED (reason, no retry), REFUSED (what would have gone out is not what was approved), IN_DOUBT (may have
-- gone out: the vendor's answer never came), RETRY (reason,
-- next attempt; DEAD once the attempts are used up). Only a delivery still SENDING in that attempt is recorded.
-- KEYS: see lib.lua (KEYS[16..] the deliveries)
-- ARGV[1] now, ARGV[2] now (ms), ARGV[3] max attempts, then per delivery 9 values: id, attempt, outcome, info,
-- recipients, parts, next attempt (ms), next attempt (ISO), transport
-- A targeted notice's deliveries (kind 'notice') count in the same hashes under 'notice.<field>', and the notice among
-- the period's items as 'notice:<id>', so notices are counted apart from items.
-- Returns how many were recorded.
local now, nowMs = ARGV[1], ARGV[2]
local function zero() return {messages = 0, recipients = 0, parts = 0, withdrawals = 0, failed = 0, skipped = 0} end
local all = {[''] = zero(), ['notice.'] = zero()}
local counted = {}
local recorded = 0
for i = 4, #ARGV, 9 do
  local id, att, outcome, info = ARGV[i], ARGV[i + 1], ARGV[i + 2], ARGV[i + 3]
  local k = KEYS[FIRST + (i - 4) / 9]
  local h = redis.call('HMGET', k, 'state', 'attempt', 'itemId', 'action', 'attemptBase', 'kind')
  local prefix = h[6] == 'notice' and 'notice.' or ''
  local sums = all[prefix]
  if h[1] == 'SENDING' and h[2] == att then
    recorded = recorded + 1
    local tr = ARGV[i + 8]
    if outcome == 'SENT' then
      redis.call('HSET', k, 'state', 'SENT', 'sentAt', now, 'updatedAt', now, 'reference', info,
        'recipients', ARGV[i + 4], 'parts', ARGV[i + 5], 'lastError', '', 'transport', tr)
      progress('SENT', 1)
      if h[4] == 'withdraw' then
        sums.withdrawals = sums.withdrawals + 1
      else
        sums.messages = sums.messages + 1
        sums.recipients = sums.recipients + tonumber(ARGV[i + 4])
        sums.parts = sums.parts + tonumber(ARGV[i + 5])
        counted[(prefix == '' and '' or 'notice:') .. h[3]] = true
      end
    elseif outcome == 'FAILED' or outcome == 'SKIPPED' or outcome == 'REFUSED' or outcome == 'IN_DOUBT' then
      redis.call('HSET', k, 'state', outcome, 'updatedAt', now, 'lastError', info, 'transport', tr)
      enter(k, id, 'SENDING', outcome, nowMs)
      progress(outcome, 1)
      if outcome == 'FAILED' then sums.failed = sums.failed + 1 end
      if outcome == 'SKIPPED' then sums.skipped = sums.skipped + 1 end
    elseif tonumber(att) - tonumber(h[5] or '0') >= tonumber(ARGV[3]) then
      redis.call('HSET', k, 'state', 'DEAD', 'updatedAt', now, 'lastError', info, 'nextAttemptAt', '', 'transport', tr)
      enter(k, id, 'SENDING', 'DEAD', nowMs)
      progress('DEAD', 1)
      sums.failed = sums.failed + 1
    else
      redis.call('HSET', k, 'state', 'RETRYING', 'updatedAt', now, 'lastError', info, 'nextAttemptAt', ARGV[i + 7], 'transport', tr)
      enter(k, id, 'SENDING', 'RETRYING', nowMs)
      redis.call('ZADD', KEYS[2], ARGV[i + 6], id)
    end
  end
end
for p = 9, 11 do
  for prefix, sums in pairs(all) do
    for field, v in pairs(sums) do
      if v > 0 then redis.call('HINCRBY', KEYS[p], prefix .. field, v) end
    end
  end
  for member, _ in pairs(counted) do redis.call('SADD', KEYS[p + 3], member) end
end
flushProgress()
return recorded
