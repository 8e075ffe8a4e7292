-- Counts the entries of a stream after a consumer group's last-delivered id, up to a cap, for Redis servers before 7.0
-- (whose XINFO GROUPS has no lag field; the embedded redis-server is 6.2). Reads in pages so the script never holds
-- more than one page of entries; only the count leaves the server.
-- KEYS[1] the stream (one bucket of a channel: RedisKeys.deliveryStream)
-- ARGV[1] the group's last-delivered id, ARGV[2] the cap, ARGV[3] the page size
-- Returns the count, at most ARGV[2].
local cap, page = tonumber(ARGV[2]), tonumber(ARGV[3])
local from, n = ARGV[1], 0
while n < cap do
  local want = math.min(page, cap - n)
  local entries = redis.call('XRANGE', KEYS[1], '(' .. from, '+', 'COUNT', want)
  n = n + #entries
  if #entries < want then
    break
  end
  from = entries[#entries][1]
end
return n
