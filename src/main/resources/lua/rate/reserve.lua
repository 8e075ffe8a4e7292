-- Reserves the next `wanted` sending slots of one rate limit (GCRA: the key holds the theoretical arrival time of the
-- next slot, in microseconds of the server's clock, so every instance shares one limit). Slots are handed out whether
-- or not they are due now: the caller sends those within `burst` intervals of now and holds the rest until their slot.
-- KEYS[1] the limit's state
-- ARGV[1] interval between two messages (µs), ARGV[2] burst (slots that may be used at once), ARGV[3] wanted
-- Returns {now (µs), first slot (µs)}: slot i (0-based) is first + i * interval.
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local interval, wanted = tonumber(ARGV[1]), tonumber(ARGV[3])
local tat = tonumber(redis.call('GET', KEYS[1]) or '0')
local earliest = now - interval * (tonumber(ARGV[2]) - 1)
if tat < earliest then tat = earliest end
local first = tat
tat = tat + interval * wanted
redis.call('SET', KEYS[1], string.format('%.0f', tat), 'PX', math.max(1000, math.ceil((tat - now) / 1000) + 1000))
return {string.format('%.0f', now), string.format('%.0f', first)}
