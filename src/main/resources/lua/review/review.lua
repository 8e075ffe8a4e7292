-- A first review (初审), final approval (终审) or rejection, checked and written in one step so two reviewers racing
-- cannot both pass and one person can never hold both stages of one version.
-- KEYS[1] item meta hash, KEYS[2] review round of the version (hash), KEYS[3] approval of the version (hash),
-- KEYS[4] item review record (list)
-- ARGV[1] version, ARGV[2] stage (first/final), ARGV[3] decision (approve/reject), ARGV[4] reviewer,
-- ARGV[5] event JSON, ARGV[6] waivers JSON (all waivers of the round after this review), ARGV[7] content hash,
-- ARGV[8] now, ARGV[9] comment, ARGV[10] a blocked DRAFT may take its first review (1/0)
-- Returns 'ok' or one refusal: 'stale:<state>:<version>', 'taken:<first reviewer>', 'no-first', 'same-person'.
local m = redis.call('HMGET', KEYS[1], 'version', 'state')
local version, stage, decision, who = ARGV[1], ARGV[2], ARGV[3], ARGV[4]
local st = m[2]
if m[1] ~= version then return 'stale:' .. tostring(st) .. ':' .. tostring(m[1]) end
local firstBy = redis.call('HGET', KEYS[2], 'firstBy')
if stage == 'first' then
  if not (st == 'IN_REVIEW' or (st == 'DRAFT' and ARGV[10] == '1')) then return 'stale:' .. st .. ':' .. version end
  if firstBy then return 'taken:' .. firstBy end
else
  if st ~= 'IN_REVIEW' then return 'stale:' .. st .. ':' .. version end
  if not firstBy then return 'no-first' end
  if firstBy == who then return 'same-person' end
end
redis.call('RPUSH', KEYS[4], ARGV[5])
if decision == 'reject' then
  redis.call('DEL', KEYS[2])
  redis.call('HSET', KEYS[1], 'state', 'DRAFT', 'stateReason', ARGV[9], 'stateAt', ARGV[8])
  return 'ok'
end
redis.call('HSET', KEYS[2], stage, ARGV[5], 'waivers', ARGV[6])
if stage == 'first' then
  redis.call('HSET', KEYS[2], 'firstBy', who)
  if st == 'DRAFT' then
    redis.call('HSET', KEYS[1], 'state', 'IN_REVIEW', 'stateReason', '', 'stateAt', ARGV[8])
  end
else
  redis.call('HSET', KEYS[3], 'contentHash', ARGV[7], 'approver', who, 'at', ARGV[8])
  redis.call('HSET', KEYS[1], 'state', 'APPROVED', 'stateReason', '', 'stateAt', ARGV[8])
end
return 'ok'
