-- Removes the address of the person a delivery went to (they were erased), keeping the delivery and its counts.
-- KEYS[1] the delivery hash
-- Returns 1 when the delivery exists, 0 when not.
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
redis.call('HSET', KEYS[1], 'targetAddress', '', 'targetLabel', 'erased')
return 1
