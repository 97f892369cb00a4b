package dev.booking.queue.redis;

/** The Lua scripts of the line: each is one atomic step on the Redis server. */
final class Scripts {

    private Scripts() {
    }

    /**
     * KEYS: stream, counters, ticket. ARGV: partition, capacity, ticket id, payload, retention ms,
     * "1" to touch a ticket already in the line. Undecided = accepted (the sequence) minus settled: a
     * ticket frees its place once final, so a submit after every ticket reads final finds room.
     * Returns {1, seq} appended (seq 0: the ticket was already in the line), or {0, depth} full.
     * The touch (renewing the ticket's retention) is a write, so that a {@code WAIT} after a repeated
     * append waits for a replication offset past the first append, whichever connection made it.
     */
    static final Script APPEND = new Script("""
            if redis.call('EXISTS', KEYS[3]) == 1 then
              if ARGV[6] == '1' then redis.call('PEXPIRE', KEYS[3], ARGV[5]) end
              return {1, 0}
            end
            local p = ARGV[1]
            local c = redis.call('HMGET', KEYS[2], 's:' .. p, 'd:' .. p)
            local undecided = tonumber(c[1] or '0') - tonumber(c[2] or '0')
            if undecided >= tonumber(ARGV[2]) then return {0, undecided} end
            redis.call('XADD', KEYS[1], '*', 'ticket', ARGV[3], 'payload', ARGV[4])
            redis.call('HINCRBY', KEYS[2], 'u:' .. p, 1)
            local seq = redis.call('HINCRBY', KEYS[2], 's:' .. p, 1)
            redis.call('HSET', KEYS[3], 'state', 'queued', 'partition', p, 'seq', seq)
            redis.call('PEXPIRE', KEYS[3], ARGV[5])
            return {1, seq}
            """);

    /**
     * KEYS: stream, counters. ARGV: partition. Returns {undecided, the oldest entry's id time in ms
     * or -1 if the stream is empty, Redis's time in ms}: read-only, one round trip.
     */
    static final Script BACKLOG = new Script("""
            local p = ARGV[1]
            local c = redis.call('HMGET', KEYS[2], 's:' .. p, 'd:' .. p)
            local undecided = tonumber(c[1] or '0') - tonumber(c[2] or '0')
            if undecided < 0 then undecided = 0 end
            local first = redis.call('XRANGE', KEYS[1], '-', '+', 'COUNT', 1)
            local oldest = -1
            if #first > 0 then oldest = tonumber(string.match(first[1][1], '^(%d+)')) end
            local t = redis.call('TIME')
            return {undecided, oldest, tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)}
            """);

    /** KEYS: stream, counters. ARGV: group, partition, entry ids... Returns how many were pending. */
    static final Script ACK = new Script("""
            local n = redis.call('XACK', KEYS[1], ARGV[1], unpack(ARGV, 3))
            redis.call('XDEL', KEYS[1], unpack(ARGV, 3))
            if n > 0 then redis.call('HINCRBY', KEYS[2], 'u:' .. ARGV[2], -n) end
            return n
            """);

    /**
     * KEYS: stream, counters, dead. ARGV: group, partition, entry id, ticket, payload, why, attempt,
     * "1" if no ticket will ever be settled for it (an entry without a valid ticket: counted decided here).
     */
    static final Script DEAD_LETTER = new Script("""
            redis.call('XADD', KEYS[3], '*', 'ticket', ARGV[4], 'partition', ARGV[2], 'entry', ARGV[3],
                'attempt', ARGV[7], 'why', ARGV[6], 'payload', ARGV[5])
            local n = redis.call('XACK', KEYS[1], ARGV[1], ARGV[3])
            redis.call('XDEL', KEYS[1], ARGV[3])
            if n > 0 then
              redis.call('HINCRBY', KEYS[2], 'u:' .. ARGV[2], -n)
              if ARGV[8] == '1' then redis.call('HINCRBY', KEYS[2], 'd:' .. ARGV[2], n) end
            end
            return n
            """);

    /**
     * KEYS: stream. ARGV: group, consumer, count. Claims every pending entry of the partition (the
     * lease proves their previous consumer gone) and answers {id, fields, delivery count} each.
     */
    static final Script RECOVER = new Script("""
            local r = redis.call('XAUTOCLAIM', KEYS[1], ARGV[1], ARGV[2], 0, '0-0', 'COUNT', ARGV[3])
            local out = {}
            for _, e in ipairs(r[2]) do
              if type(e) == 'table' and type(e[2]) == 'table' then
                local info = redis.call('XPENDING', KEYS[1], ARGV[1], e[1], e[1], 1)
                local count = 1
                if info[1] then count = info[1][4] end
                out[#out + 1] = {e[1], e[2], count}
              end
            end
            return out
            """);

    /**
     * KEYS: counters, tickets... ARGV: partition, retention ms, encoded statuses... Sets each final
     * status once; answers the standing one of each; counts the new ones for position and pace.
     */
    static final Script SETTLE = new Script("""
            local p = ARGV[1]
            local out = {}
            local fresh = 0
            for i = 2, #KEYS do
              local existing = redis.call('HGET', KEYS[i], 'final')
              if existing then
                out[i - 1] = existing
              else
                redis.call('HSET', KEYS[i], 'final', ARGV[i + 1], 'state', 'final')
                out[i - 1] = ARGV[i + 1]
                fresh = fresh + 1
              end
              redis.call('PEXPIRE', KEYS[i], ARGV[2])
            end
            if fresh > 0 then
              redis.call('HINCRBY', KEYS[1], 'd:' .. p, fresh)
              local t = redis.call('TIME')
              local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
              local ws = tonumber(redis.call('HGET', KEYS[1], 'ws:' .. p) or '0')
              local wc = tonumber(redis.call('HGET', KEYS[1], 'wc:' .. p) or '0') + fresh
              local elapsed = now - ws
              if ws == 0 or elapsed > 60000 then
                redis.call('HSET', KEYS[1], 'ws:' .. p, now, 'wc:' .. p, fresh)
              elseif elapsed >= 1000 then
                redis.call('HSET', KEYS[1], 'ws:' .. p, now, 'wc:' .. p, 0,
                    'r:' .. p, math.floor(wc * 1000000 / elapsed))
              else
                redis.call('HSET', KEYS[1], 'wc:' .. p, wc)
              end
            end
            return out
            """);

    /**
     * KEYS: counters, tickets... Answers per ticket {0} unknown, {1, status} final, {2} processing,
     * or {3, seq, decided, pace in thousandths per second} queued.
     */
    static final Script STATUS = new Script("""
            local out = {}
            for i = 2, #KEYS do
              local v = redis.call('HMGET', KEYS[i], 'final', 'state', 'partition', 'seq')
              if v[1] then
                out[i - 1] = {1, v[1]}
              elseif not v[2] then
                out[i - 1] = {0}
              elseif v[2] == 'processing' then
                out[i - 1] = {2}
              else
                local c = redis.call('HMGET', KEYS[1], 'd:' .. v[3], 'r:' .. v[3])
                out[i - 1] = {3, tonumber(v[4]), tonumber(c[1] or '0'), tonumber(c[2] or '0')}
              end
            end
            return out
            """);

    /** KEYS: tickets... Marks queued tickets processing; leaves final and unknown ones alone. */
    static final Script PROCESSING = new Script("""
            for i = 1, #KEYS do
              local v = redis.call('HMGET', KEYS[i], 'final', 'state')
              if v[2] and not v[1] then redis.call('HSET', KEYS[i], 'state', 'processing') end
            end
            return #KEYS
            """);

    /**
     * KEYS: idempotency key. ARGV: candidate ticket, retention ms, "1" to touch a key already bound
     * (a write, for the same reason as in {@link #APPEND}). Answers the bound ticket.
     */
    static final Script BIND = new Script("""
            local v = redis.call('GET', KEYS[1])
            if v then
              if ARGV[3] == '1' then redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
              return v
            end
            redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
            return ARGV[1]
            """);

    /**
     * KEYS: consumers, leases of every partition in the consumer's preferred order. ARGV: consumer,
     * lease ms, the partitions in the same order. Registers the consumer as live, renews the leases
     * it holds, takes free ones up to its fair share (partitions / live consumers, rounded up).
     * Answers {share, {held partitions...}}.
     */
    static final Script ACQUIRE = new Script("""
            local t = redis.call('TIME')
            local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
            local ttl = tonumber(ARGV[2])
            redis.call('ZADD', KEYS[1], now + ttl, ARGV[1])
            redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
            redis.call('PEXPIRE', KEYS[1], ttl * 10)
            local live = redis.call('ZCARD', KEYS[1])
            local share = math.ceil((#KEYS - 1) / live)
            local held = {}
            local free = {}
            for i = 2, #KEYS do
              local owner = redis.call('GET', KEYS[i])
              if owner == ARGV[1] then
                redis.call('PEXPIRE', KEYS[i], ttl)
                held[#held + 1] = tonumber(ARGV[i + 1])
              elseif not owner then
                free[#free + 1] = i
              end
            end
            for _, i in ipairs(free) do
              if #held >= share then break end
              redis.call('SET', KEYS[i], ARGV[1], 'PX', ttl)
              held[#held + 1] = tonumber(ARGV[i + 1])
            end
            return {share, held}
            """);

    /**
     * KEYS: consumers, leases held. ARGV: consumer, lease ms. Renews the registration and each lease
     * still held; answers {live consumers, {1 or 0 per lease}}.
     */
    static final Script RENEW = new Script("""
            local t = redis.call('TIME')
            local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
            redis.call('ZADD', KEYS[1], now + tonumber(ARGV[2]), ARGV[1])
            redis.call('PEXPIRE', KEYS[1], tonumber(ARGV[2]) * 10)
            redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
            local out = {}
            for i = 2, #KEYS do
              if redis.call('GET', KEYS[i]) == ARGV[1] then
                redis.call('PEXPIRE', KEYS[i], ARGV[2])
                out[i - 1] = 1
              else
                out[i - 1] = 0
              end
            end
            return {redis.call('ZCARD', KEYS[1]), out}
            """);

    /** KEYS: consumers, leases. ARGV: consumer, "1" to leave the live set. Deletes leases still ours. */
    static final Script RELEASE = new Script("""
            for i = 2, #KEYS do
              if redis.call('GET', KEYS[i]) == ARGV[1] then redis.call('DEL', KEYS[i]) end
            end
            if ARGV[2] == '1' then redis.call('ZREM', KEYS[1], ARGV[1]) end
            return 1
            """);
}
