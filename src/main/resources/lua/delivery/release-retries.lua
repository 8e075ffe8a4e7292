-- Puts due retries of one bucket back on its stream, one entry per publication (a reference `<id>:<attempt>:r` marks a
-- delivery whose rate-limit slot was reserved when it was held back).
-- KEYS[1] the bucket's retry schedule, KEYS[2] the bucket's stream, KEYS[3..] one delivery hash per id below
-- ARGV[1] now (ms), ARGV[2] stream MAXLEN (~), then the ids (read from the schedule just before)
-- Returns how many were released.
local groups, order = {}, {}
local n = 0
for i = 3, #ARGV do
  local id = ARGV[i]
  local due = redis.call('ZSCORE', KEYS[1], id)
  if due and tonumber(due) <= tonumber(ARGV[1]) then
    local h = redis.call('HMGET', KEYS[i], 'state', 'attempt', 'itemId', 'version', 'action', 'channel', 'bucket', 'rateReserved')
    if h[1] == 'RETRYING' then
      local g = h[3] .. '|' .. h[4] .. '|' .. h[5]
      if not groups[g] then
        groups[g] = {h = h, refs = {}}
        order[#order + 1] = g
      end
      -- a delivery held for its rate-limit slot comes back marked, so the limit lets it through without a new slot
      table.insert(groups[g].refs, id .. ':' .. h[2] .. (h[8] == '1' and ':r' or ''))
      if h[8] then redis.call('HDEL', KEYS[i], 'rateReserved') end
      n = n + 1
    end
    redis.call('ZREM', KEYS[1], id)
  end
end
for _, g in ipairs(order) do
  local h = groups[g].h
  redis.call('XADD', KEYS[2], 'MAXLEN', '~', ARGV[2], '*', 'itemId', h[3], 'version', h[4], 'action', h[5],
    'channel', h[6], 'bucket', h[7], 'deliveries', table.concat(groups[g].refs, ','))
end
return n
