-- Submission of a draft for review (送审), in one step: the scan's findings, a fresh review round, the submission
-- event in the item's review record, and IN_REVIEW unless a blocking finding keeps it a DRAFT.
-- KEYS[1] item meta hash, KEYS[2] scan of the version, KEYS[3] review round of the version, KEYS[4] item review record (list)
-- ARGV[1] version, ARGV[2] findings JSON, ARGV[3] submission event JSON, ARGV[4] blocked (1/0), ARGV[5] now
-- Returns 'ok', or 'stale:<state>:<version>' when the item is no longer a DRAFT of that version.
local m = redis.call('HMGET', KEYS[1], 'version', 'state')
if m[1] ~= ARGV[1] or m[2] ~= 'DRAFT' then
  return 'stale:' .. tostring(m[2]) .. ':' .. tostring(m[1])
end
redis.call('SET', KEYS[2], ARGV[2])
redis.call('DEL', KEYS[3])
redis.call('RPUSH', KEYS[4], ARGV[3])
if ARGV[4] ~= '1' then
  redis.call('HSET', KEYS[1], 'state', 'IN_REVIEW', 'stateReason', '', 'stateAt', ARGV[5])
end
return 'ok'
