-- Records a delivery receipt on a delivery, and the first DELIVRD of it in the counters of the receipt's day, month and
-- year (`delivered`), and in the publication's progress in the bucket (KEYS[1], field `delivered`).
-- KEYS: see lib.lua (KEYS[16] the delivery; KEYS[9..11] the counters of the receipt's periods)
-- ARGV[1] status, ARGV[2] receipt time (ISO-8601), ARGV[3] detail
-- Returns 1 when recorded, 0 when there is no such delivery.
local k = KEYS[FIRST]
local h = redis.call('HMGET', k, 'state', 'receiptStatus', 'kind')
if not h[1] then return 0 end
redis.call('HSET', k, 'receiptStatus', ARGV[1], 'receiptAt', ARGV[2], 'receiptDetail', ARGV[3])
if ARGV[1] == 'DELIVRD' and h[2] ~= 'DELIVRD' then
  local field = h[3] == 'notice' and 'notice.delivered' or 'delivered'
  for p = 9, 11 do redis.call('HINCRBY', KEYS[p], field, 1) end
  redis.call('HINCRBY', KEYS[1], 'delivered', 1)
end
return 1
