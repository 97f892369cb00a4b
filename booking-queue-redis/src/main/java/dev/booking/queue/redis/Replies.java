package dev.booking.queue.redis;

import java.nio.charset.StandardCharsets;
import java.util.List;

/** Reading Redis's raw (RESP2) replies: byte arrays, longs and lists of them. */
final class Replies {

    private Replies() {
    }

    @SuppressWarnings("unchecked")
    static List<Object> list(Object reply) {
        return reply == null ? List.of() : (List<Object>) reply;
    }

    static String string(Object reply) {
        return reply == null ? null : new String((byte[]) reply, StandardCharsets.UTF_8);
    }

    static long number(Object reply) {
        return reply instanceof Long n ? n : Long.parseLong(string(reply));
    }
}
