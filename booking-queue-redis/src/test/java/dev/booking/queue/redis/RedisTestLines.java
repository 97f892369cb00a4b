package dev.booking.queue.redis;

import dev.booking.core.ClaimRequest;
import dev.booking.core.ShowId;
import dev.booking.core.UserId;
import dev.booking.queue.line.SharedLine;
import dev.booking.queue.line.Ticket;
import dev.booking.queue.line.spi.Envelope;
import dev.booking.testsupport.TestServers;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

import java.net.URI;
import java.time.Instant;
import java.util.UUID;

/** The Redis of the tests: the shared server from BOOKING_TEST_REDIS_URL, unique line names, cleanup. */
final class RedisTestLines {

    private RedisTestLines() {
    }

    /** The shared server, or a loud skip (a failure in CI). */
    static URI sharedRedis() {
        String url = System.getenv("BOOKING_TEST_REDIS_URL");
        if (url == null || url.isBlank()) {
            throw TestServers.unavailable("REDIS", "set BOOKING_TEST_REDIS_URL (e.g. redis://127.0.0.1:6379)", true);
        }
        return URI.create(url);
    }

    /** A line name no other run uses. */
    static String uniqueName(String what) {
        return "test-" + what + "-" + UUID.randomUUID().toString().substring(0, 12);
    }

    /** Deletes every key of line {@code name}. */
    static void deleteLine(URI redis, String name) {
        try (Jedis jedis = new Jedis(redis)) {
            String cursor = ScanParams.SCAN_POINTER_START;
            ScanParams params = new ScanParams().match(new Keys(name).pattern()).count(1000);
            do {
                ScanResult<String> page = jedis.scan(cursor, params);
                if (!page.getResult().isEmpty()) {
                    jedis.del(page.getResult().toArray(new String[0]));
                }
                cursor = page.getCursor();
            } while (!"0".equals(cursor));
        }
    }

    /** An envelope for a fresh ticket booking {@code seat} of {@code show}. */
    static Envelope envelope(String show, String seat) {
        Ticket ticket = Ticket.random();
        ClaimRequest request = ClaimRequest.book(ShowId.of(show), UserId.of("u-" + ticket.id().substring(0, 6)), seat)
                .withReference(SharedLine.referenceFor(ticket));
        return new Envelope(ticket, request, Instant.ofEpochMilli(System.currentTimeMillis())); // the wire keeps milliseconds
    }
}
