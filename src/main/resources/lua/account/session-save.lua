-- A new console session. KEYS[1] its hash; ARGV[1] idle timeout (ms); ARGV[2..] field, value, ...
redis.call('DEL', KEYS[1])
redis.call('HSET', KEYS[1], unpack(ARGV, 2))
redis.call('PEXPIRE', KEYS[1], ARGV[1])
return 'OK'
