package cn.gongkai.hub.delivery;

/**
 * The Lua scripts that move deliveries between states. Each touches the keys of one channel only (all tagged
 * {@code {ch:<channel>}}, so one Redis Cluster slot); keys are built from the tag prefix passed as an argument.
 * A state change and its counters happen in one script, so counters always equal the records.
 */
final class DeliveryScripts {
    private DeliveryScripts() {
    }

    /**
     * The state index: deliveries in a state a person looks at (RETRYING, DEAD, FAILED, REFUSED, IN_DOUBT) are listed in
     * {@code T by-state:<STATE>}, a sorted set of {@code <13-digit ms>|<id>} members at score 0, so a listing pages by
     * lexicographic cursor in the order they entered the state. The member is kept on the delivery as
     * {@code stateMember} to remove it when the delivery moves on. Every state change calls {@code enter}.
     */
    private static final String INDEX = """
            local listed = {RETRYING = true, DEAD = true, FAILED = true, REFUSED = true, IN_DOUBT = true}
            local function enter(T, k, id, from, to, nowMs)
              if listed[from] then
                local old = redis.call('HGET', k, 'stateMember')
                if old then redis.call('ZREM', T .. 'by-state:' .. from, old) end
              end
              if listed[to] then
                local member = string.format('%013d', tonumber(nowMs)) .. '|' .. id
                redis.call('ZADD', T .. 'by-state:' .. to, 0, member)
                redis.call('HSET', k, 'stateMember', member)
              elseif listed[from] then
                redis.call('HDEL', k, 'stateMember')
              end
            end
            """;

    /** Marks a progress counter: per publication, how many deliveries ended in each terminal state. */
    private static final String PROGRESS = INDEX + """
            local function progress(T, item, version, action, field, by)
              redis.call('HINCRBY', T .. 'progress:' .. item .. ':' .. version .. ':' .. action, field, by)
            end
            """;

    /**
     * KEYS: marker, item set, stream. ARGV: now, itemId, version, action, channel, chunk, maxlen, T, then per target
     * id, targetId, address, label. Plans once per publication: returns the number planned (also when it was done before).
     * With ARGV[9] = 'add' (ids then start at 10) it adds the deliveries that do not exist yet to an earlier plan: a
     * withdrawal for a target the publication reached after the withdrawal was planned.
     */
    static final String PLAN = """
            local adding = ARGV[9] == 'add'
            local existing = redis.call('GET', KEYS[1])
            if existing and not adding then return tonumber(existing) end
            local first = adding and 10 or 9
            local n = (#ARGV - first + 1) / 4
            local chunkSize = tonumber(ARGV[6])
            local ids, chunk = {}, {}
            local added = 0
            for i = 0, n - 1 do
              local b = first + i * 4
              local id = ARGV[b]
              if not (adding and redis.call('EXISTS', ARGV[8] .. 'd:' .. id) == 1) then
                added = added + 1
                redis.call('HSET', ARGV[8] .. 'd:' .. id, 'id', id, 'channel', ARGV[5], 'itemId', ARGV[2], 'version', ARGV[3],
                  'action', ARGV[4], 'targetId', ARGV[b + 1], 'targetAddress', ARGV[b + 2], 'targetLabel', ARGV[b + 3],
                  'state', 'PLANNED', 'attempt', '0', 'createdAt', ARGV[1], 'updatedAt', ARGV[1])
                ids[#ids + 1] = id
                chunk[#chunk + 1] = id .. ':0'
                if #chunk >= chunkSize then
                  redis.call('XADD', KEYS[3], 'MAXLEN', '~', ARGV[7], '*', 'itemId', ARGV[2], 'version', ARGV[3],
                    'action', ARGV[4], 'channel', ARGV[5], 'deliveries', table.concat(chunk, ','))
                  chunk = {}
                end
              end
            end
            if #chunk > 0 then
              redis.call('XADD', KEYS[3], 'MAXLEN', '~', ARGV[7], '*', 'itemId', ARGV[2], 'version', ARGV[3],
                'action', ARGV[4], 'channel', ARGV[5], 'deliveries', table.concat(chunk, ','))
            end
            for i = 1, #ids, 1000 do
              redis.call('SADD', KEYS[2], unpack(ids, i, math.min(i + 999, #ids)))
            end
            if adding then
              redis.call('SET', KEYS[1], tonumber(existing or '0') + added)
              return added
            end
            redis.call('SET', KEYS[1], n)
            return n
            """;

    /**
     * ARGV: now, consumer, resendSafe (1/0), maxAttempts, T, redelivered (1/0), nowMs, then pairs id, expectedAttempt.
     * Returns per delivery: code, targetId, address, label, attempt. Codes: CLAIMED (now SENDING: send it), IN_DOUBT,
     * DEAD, STALE (an older copy of the entry), SKIP (finished or being sent), MISSING.
     */
    static final String CLAIM = PROGRESS + """
            local T, now, nowMs = ARGV[5], ARGV[1], ARGV[7]
            local out = {}
            for i = 8, #ARGV, 2 do
              local id, exp = ARGV[i], tonumber(ARGV[i + 1])
              local k = T .. 'd:' .. id
              local h = redis.call('HMGET', k, 'state', 'attempt', 'attemptBase', 'targetId', 'targetAddress', 'targetLabel',
                                   'itemId', 'version', 'action')
              local st, att, base = h[1], tonumber(h[2] or '0'), tonumber(h[3] or '0')
              local code = 'SKIP'
              if not st then
                code = 'MISSING'
              elseif st == 'PLANNED' or st == 'RETRYING' then
                if att == exp then
                  att = att + 1
                  redis.call('HSET', k, 'state', 'SENDING', 'attempt', att, 'consumer', ARGV[2], 'updatedAt', now)
                  enter(T, k, id, st, 'SENDING', nowMs)
                  code = 'CLAIMED'
                else
                  code = 'STALE'
                end
              elseif st == 'SENDING' and ARGV[6] == '1' and att == exp + 1 then
                if att - base >= tonumber(ARGV[4]) then
                  redis.call('HSET', k, 'state', 'DEAD', 'updatedAt', now,
                    'lastError', 'gave up after ' .. (att - base) .. ' attempts; the last ended without a result (consumer stopped)')
                  enter(T, k, id, st, 'DEAD', nowMs)
                  progress(T, h[7], h[8], h[9], 'DEAD', 1)
                  code = 'DEAD'
                elseif ARGV[3] == '1' then
                  att = att + 1
                  redis.call('HSET', k, 'attempt', att, 'consumer', ARGV[2], 'updatedAt', now)
                  code = 'CLAIMED'
                else
                  redis.call('HSET', k, 'state', 'IN_DOUBT', 'updatedAt', now,
                    'lastError', 'the hub stopped between sending and recording; the channel cannot de-duplicate, so a person must decide whether to resend')
                  enter(T, k, id, st, 'IN_DOUBT', nowMs)
                  progress(T, h[7], h[8], h[9], 'IN_DOUBT', 1)
                  code = 'IN_DOUBT'
                end
              end
              out[#out + 1] = code
              out[#out + 1] = h[4] or ''
              out[#out + 1] = h[5] or ''
              out[#out + 1] = h[6] or ''
              out[#out + 1] = tostring(att)
            end
            return out
            """;

    /**
     * ARGV: now, T, day, month, year, maxAttempts, nowMs, then per delivery id, attempt, outcome (SENT FAILED RETRY
     * REFUSED), info (reference or reason), recipients, parts, nextAttemptMs, nextAttemptIso. Returns how many were recorded.
     */
    static final String COMPLETE = INDEX + """
            local now, T, nowMs = ARGV[1], ARGV[2], ARGV[7]
            local pending = {}
            local function progress(T, item, version, action, field, by)
              local key = T .. 'progress:' .. item .. ':' .. version .. ':' .. action
              pending[key] = pending[key] or {}
              pending[key][field] = (pending[key][field] or 0) + by
            end
            local sums = {messages = 0, recipients = 0, parts = 0, withdrawals = 0, failed = 0}
            local items = {}
            local recorded = 0
            for i = 8, #ARGV, 8 do
              local id, att, outcome, info = ARGV[i], ARGV[i + 1], ARGV[i + 2], ARGV[i + 3]
              local k = T .. 'd:' .. id
              local h = redis.call('HMGET', k, 'state', 'attempt', 'itemId', 'version', 'action', 'attemptBase')
              if h[1] == 'SENDING' and h[2] == att then
                recorded = recorded + 1
                if outcome == 'SENT' then
                  redis.call('HSET', k, 'state', 'SENT', 'sentAt', now, 'updatedAt', now, 'reference', info,
                    'recipients', ARGV[i + 4], 'parts', ARGV[i + 5], 'lastError', '')
                  progress(T, h[3], h[4], h[5], 'SENT', 1)
                  if h[5] == 'withdraw' then
                    sums.withdrawals = sums.withdrawals + 1
                  else
                    sums.messages = sums.messages + 1
                    sums.recipients = sums.recipients + tonumber(ARGV[i + 4])
                    sums.parts = sums.parts + tonumber(ARGV[i + 5])
                    items[h[3]] = true
                  end
                elseif outcome == 'FAILED' then
                  redis.call('HSET', k, 'state', 'FAILED', 'updatedAt', now, 'lastError', info)
                  enter(T, k, id, 'SENDING', 'FAILED', nowMs)
                  progress(T, h[3], h[4], h[5], 'FAILED', 1)
                  sums.failed = sums.failed + 1
                elseif outcome == 'REFUSED' then
                  redis.call('HSET', k, 'state', 'REFUSED', 'updatedAt', now, 'lastError', info)
                  enter(T, k, id, 'SENDING', 'REFUSED', nowMs)
                  progress(T, h[3], h[4], h[5], 'REFUSED', 1)
                elseif tonumber(att) - tonumber(h[6] or '0') >= tonumber(ARGV[6]) then
                  redis.call('HSET', k, 'state', 'DEAD', 'updatedAt', now, 'lastError', info, 'nextAttemptAt', '')
                  enter(T, k, id, 'SENDING', 'DEAD', nowMs)
                  progress(T, h[3], h[4], h[5], 'DEAD', 1)
                  sums.failed = sums.failed + 1
                else
                  redis.call('HSET', k, 'state', 'RETRYING', 'updatedAt', now, 'lastError', info, 'nextAttemptAt', ARGV[i + 7])
                  enter(T, k, id, 'SENDING', 'RETRYING', nowMs)
                  redis.call('ZADD', T .. 'retry', ARGV[i + 6], id)
                end
              end
            end
            for key, fields in pairs(pending) do
              for field, by in pairs(fields) do
                redis.call('HINCRBY', key, field, by)
              end
            end
            for p = 3, 5 do
              local ck = T .. 'count:' .. ARGV[p]
              for field, v in pairs(sums) do
                if v > 0 then redis.call('HINCRBY', ck, field, v) end
              end
              for item, _ in pairs(items) do
                if redis.call('SADD', T .. 'counted-items:' .. ARGV[p], item) == 1 then
                  redis.call('HINCRBY', ck, 'items', 1)
                end
              end
            end
            return recorded
            """;

    /** ARGV: now, T, reason, nowMs, then ids. Ends PLANNED or RETRYING deliveries as REFUSED; returns how many. */
    static final String REFUSE = PROGRESS + """
            local now, T, reason, nowMs = ARGV[1], ARGV[2], ARGV[3], ARGV[4]
            local n = 0
            for i = 5, #ARGV do
              local id = ARGV[i]
              local k = T .. 'd:' .. id
              local h = redis.call('HMGET', k, 'state', 'itemId', 'version', 'action')
              if h[1] == 'PLANNED' or h[1] == 'RETRYING' then
                redis.call('HSET', k, 'state', 'REFUSED', 'updatedAt', now, 'lastError', reason, 'nextAttemptAt', '')
                redis.call('ZREM', T .. 'retry', id)
                enter(T, k, id, h[1], 'REFUSED', nowMs)
                progress(T, h[2], h[3], h[4], 'REFUSED', 1)
                n = n + 1
              end
            end
            return n
            """;

    /** KEYS: retry zset, stream. ARGV: nowMs, limit, maxlen, T. Moves due retries back into the stream. */
    static final String RELEASE_RETRIES = """
            local due = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1], 'LIMIT', 0, tonumber(ARGV[2]))
            for _, id in ipairs(due) do
              local h = redis.call('HMGET', ARGV[4] .. 'd:' .. id, 'state', 'attempt', 'itemId', 'version', 'action', 'channel')
              if h[1] == 'RETRYING' then
                redis.call('XADD', KEYS[2], 'MAXLEN', '~', ARGV[3], '*', 'itemId', h[3], 'version', h[4], 'action', h[5],
                  'channel', h[6], 'deliveries', id .. ':' .. h[2])
              end
              redis.call('ZREM', KEYS[1], id)
            end
            return #due
            """;

    /**
     * KEYS: delivery, stream. ARGV: now, T, id, allowed states (comma list), by, nowMs. A person's retry or resend: back to
     * RETRYING with a fresh attempt budget and into the stream. Returns the previous state, or an error reply.
     */
    static final String REQUEUE = PROGRESS + """
            local h = redis.call('HMGET', KEYS[1], 'state', 'attempt', 'itemId', 'version', 'action', 'channel')
            if not h[1] then return redis.error_reply('missing') end
            if not string.find(',' .. ARGV[4] .. ',', ',' .. h[1] .. ',', 1, true) then return redis.error_reply('state ' .. h[1]) end
            redis.call('HSET', KEYS[1], 'state', 'RETRYING', 'attemptBase', h[2], 'updatedAt', ARGV[1], 'nextAttemptAt', '',
              'requeuedBy', ARGV[5])
            enter(ARGV[2], KEYS[1], ARGV[3], h[1], 'RETRYING', ARGV[6])
            progress(ARGV[2], h[3], h[4], h[5], h[1], -1)
            redis.call('XADD', KEYS[2], '*', 'itemId', h[3], 'version', h[4], 'action', h[5], 'channel', h[6],
              'deliveries', ARGV[3] .. ':' .. h[2])
            return h[1]
            """;
}
