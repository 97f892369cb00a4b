package dev.booking.queue.redis;

import dev.booking.core.spi.Arguments;
import dev.booking.queue.line.Ticket;
import dev.booking.queue.line.TicketStatus;
import dev.booking.queue.line.spi.StatusCodec;
import dev.booking.queue.line.spi.TicketLedger;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The ticket ledger in Redis hashes next to the line's streams; see {@link RedisLine}. */
final class RedisLedger implements TicketLedger {

    private final Keys keys;
    private final Connections connections;
    private final long retentionMillis;
    private final ReplicaAcknowledgements acknowledgements;

    RedisLedger(Keys keys, Connections connections, Duration retention, ReplicaAcknowledgements acknowledgements) {
        this.keys = keys;
        this.connections = connections;
        this.retentionMillis = retention.toMillis();
        this.acknowledgements = acknowledgements;
    }

    @Override
    public Ticket bind(String idempotencyKey, Ticket candidate) {
        Arguments.requirePresent("idempotencyKey", idempotencyKey);
        Arguments.requirePresent("candidate", candidate);
        String what = "binding an idempotency key";
        return connections.call(what, jedis -> {
            Ticket bound = new Ticket(Replies.string(Scripts.BIND.run(jedis, List.of(keys.idempotency(idempotencyKey)),
                    List.of(Keys.bytes(candidate.id()), Keys.bytes(retentionMillis), acknowledgements.touchFlag()))));
            if (!bound.equals(candidate)) {
                // a repeated submit, which may answer accepted without appending: its first attempt's
                // writes must be on the replicas first (a new binding is covered by the append's wait)
                acknowledgements.await(jedis, what);
            }
            return bound;
        });
    }

    @Override
    public void processing(Collection<Ticket> tickets) {
        Arguments.requirePresent("tickets", tickets);
        if (tickets.isEmpty()) {
            return;
        }
        List<byte[]> ticketKeys = new ArrayList<>(tickets.size());
        for (Ticket ticket : tickets) {
            ticketKeys.add(keys.ticket(ticket.id()));
        }
        connections.call("marking tickets processing", jedis -> Scripts.PROCESSING.run(jedis, ticketKeys, List.of()));
    }

    @Override
    public Map<Ticket, TicketStatus> settle(int partition, Map<Ticket, TicketStatus> outcomes) {
        Arguments.requirePresent("outcomes", outcomes);
        if (partition < 0) {
            throw new IllegalArgumentException("partition must not be negative, was " + partition);
        }
        List<Ticket> tickets = new ArrayList<>(outcomes.keySet());
        List<byte[]> scriptKeys = new ArrayList<>(tickets.size() + 1);
        List<byte[]> args = new ArrayList<>(tickets.size() + 2);
        scriptKeys.add(keys.counters());
        args.add(Keys.bytes(partition));
        args.add(Keys.bytes(retentionMillis));
        for (Ticket ticket : tickets) {
            TicketStatus status = outcomes.get(ticket);
            if (status == null || !status.isFinal()) {
                throw new IllegalArgumentException("outcomes must be final, was " + status + " for " + ticket);
            }
            scriptKeys.add(keys.ticket(ticket.id()));
            args.add(StatusCodec.encode(status));
        }
        Map<Ticket, TicketStatus> standing = new LinkedHashMap<>();
        if (tickets.isEmpty()) {
            return standing;
        }
        List<Object> reply = Replies.list(connections.call("settling tickets",
                jedis -> Scripts.SETTLE.run(jedis, scriptKeys, args)));
        for (int i = 0; i < tickets.size(); i++) {
            standing.put(tickets.get(i), StatusCodec.decode((byte[]) reply.get(i)));
        }
        return standing;
    }

    @Override
    public TicketStatus status(Ticket ticket) {
        Arguments.requirePresent("ticket", ticket);
        return statuses(List.of(ticket)).get(ticket);
    }

    @Override
    public Map<Ticket, TicketStatus> statuses(Collection<Ticket> tickets) {
        Arguments.requirePresent("tickets", tickets);
        List<Ticket> list = new ArrayList<>(new java.util.LinkedHashSet<>(tickets));
        Map<Ticket, TicketStatus> out = new LinkedHashMap<>();
        if (list.isEmpty()) {
            return out;
        }
        List<byte[]> scriptKeys = new ArrayList<>(list.size() + 1);
        scriptKeys.add(keys.counters());
        for (Ticket ticket : list) {
            scriptKeys.add(keys.ticket(ticket.id()));
        }
        List<Object> reply = Replies.list(connections.call("reading ticket statuses",
                jedis -> Scripts.STATUS.run(jedis, scriptKeys, List.of())));
        for (int i = 0; i < list.size(); i++) {
            out.put(list.get(i), status(Replies.list(reply.get(i))));
        }
        return out;
    }

    private static TicketStatus status(List<Object> answer) {
        long kind = (Long) answer.get(0);
        if (kind == 1) {
            return StatusCodec.decode((byte[]) answer.get(1));
        }
        if (kind == 2) {
            return new TicketStatus.Processing();
        }
        if (kind == 3) {
            long seq = (Long) answer.get(1);
            long decided = (Long) answer.get(2);
            long thousandthsPerSecond = (Long) answer.get(3);
            long position = Math.max(0, seq - decided - 1);
            Duration wait = thousandthsPerSecond <= 0
                    ? Duration.ZERO
                    : Duration.ofMillis(Math.min(position * 1_000_000 / thousandthsPerSecond, Duration.ofDays(1).toMillis()));
            return new TicketStatus.Queued(position, wait);
        }
        return new TicketStatus.Unknown();
    }

    /** For messages. */
    @Override
    public String toString() {
        return "RedisLedger[" + new String(keys.meta(), StandardCharsets.UTF_8) + "]";
    }
}
