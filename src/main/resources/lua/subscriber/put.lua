-- Writes subscribers of one bucket with the bucket's indexes, each only if its record is still what the writer read.
-- KEYS[1] the bucket's set of all ids; then per subscriber, in ARGV order: its record, the tag sets of the bucket it
--         leaves (removed), then those of every tag it has now (added)
-- ARGV[1] how many subscribers; then per subscriber five values: id, the new record (JSON), the record read before
--         ('' when there was none), how many tag sets it leaves, how many tags it has
-- Returns one value per subscriber: 1 written, 0 its record changed meanwhile (nothing of it written).
local out = {}
local k = 2
local a = 2
for n = 1, tonumber(ARGV[1]) do
  local id, json, before = ARGV[a], ARGV[a + 1], ARGV[a + 2]
  local removed, tags = tonumber(ARGV[a + 3]), tonumber(ARGV[a + 4])
  a = a + 5
  local record = KEYS[k]
  local cur = redis.call('GET', record)
  local ok = (before == '' and not cur) or (before ~= '' and cur == before)
  if ok then
    redis.call('SET', record, json)
    redis.call('ZADD', KEYS[1], 0, id)
    for i = k + 1, k + removed do redis.call('ZREM', KEYS[i], id) end
    for i = k + removed + 1, k + removed + tags do redis.call('ZADD', KEYS[i], 0, id) end
    out[n] = 1
  else
    out[n] = 0
  end
  k = k + 1 + removed + tags
end
return out
