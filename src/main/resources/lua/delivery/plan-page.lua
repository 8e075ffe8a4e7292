-- Writes the deliveries of one page of a plan that fall into this bucket, skipping those that exist (a page planned
-- again after a crash plans nothing twice: the item's set of deliveries, written in the same step as each hash, says
-- which exist), and puts the new ones on the bucket's stream in entries of at most `perEntry` deliveries.
-- KEYS[1] progress of the publication in this bucket, KEYS[2] the item's deliveries in this bucket (set),
-- KEYS[3] the bucket's stream, KEYS[4..] one delivery hash per delivery below, in order
-- ARGV[1] now (ISO-8601), ARGV[2] item id, ARGV[3] version, ARGV[4] action, ARGV[5] channel, ARGV[6] bucket,
-- ARGV[7] stream MAXLEN (~), ARGV[8] deliveries per stream entry, ARGV[9] kind (item or notice: which counters its
-- sends go to), then per delivery: id, target id, address, label
-- Returns how many deliveries were created.
local now, item, version, action, channel, bucket = ARGV[1], ARGV[2], ARGV[3], ARGV[4], ARGV[5], ARGV[6]
local perEntry = tonumber(ARGV[8])
local ids, chunk = {}, {}
local function flush()
  if #chunk > 0 then
    redis.call('XADD', KEYS[3], 'MAXLEN', '~', ARGV[7], '*', 'itemId', item, 'version', version, 'action', action,
      'channel', channel, 'bucket', bucket, 'deliveries', table.concat(chunk, ','))
    chunk = {}
  end
end
local kind = ARGV[9]
local n = (#ARGV - 9) / 4
for i = 0, n - 1 do
  local a = 10 + i * 4
  local k = KEYS[4 + i]
  if redis.call('SADD', KEYS[2], ARGV[a]) == 1 then
    redis.call('HSET', k, 'id', ARGV[a], 'channel', channel, 'bucket', bucket, 'itemId', item, 'version', version,
      'action', action, 'targetId', ARGV[a + 1], 'targetAddress', ARGV[a + 2], 'targetLabel', ARGV[a + 3],
      'state', 'PLANNED', 'attempt', '0', 'createdAt', now, 'updatedAt', now, 'kind', kind)
    ids[#ids + 1] = ARGV[a]
    chunk[#chunk + 1] = ARGV[a] .. ':0'
    if #chunk >= perEntry then flush() end
  end
end
flush()
if #ids > 0 then
  redis.call('HINCRBY', KEYS[1], 'planned', #ids)
end
return #ids
