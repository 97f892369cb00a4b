package dev.booking.bench.notify;

import dev.booking.core.outbox.Notice;
import jakarta.mail.internet.MimeMessage;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * What arrived at the SMTP server, checked against what each racer was told: every racer who is owed
 * a message (the winner its "booked", and through the line every loser its "sorry, taken") got
 * exactly one, of that kind, and nobody else got one; and no {@code Message-ID} arrived twice. A
 * message's kind is read from the outbox record its {@code Message-ID} names, so the check does not
 * depend on the templates' wording.
 *
 * @param byKind        messages to racers, by kind ("booked", "sorry, taken", ...), in a stable order
 * @param racerMessages messages to racers
 * @param expected      messages the racers are owed
 * @param others        messages to addresses outside the race (the queued race's warm-up show), not checked
 * @param repeatedIds   Message-IDs that arrived more than once, counted once each
 * @param problems      everything that is not as it must be, one phrase each; empty when all is well
 * @param examples      the first few offending messages or racers, one line each
 */
public record MailCheck(Map<String, Long> byKind, long racerMessages, long expected, long others, long repeatedIds,
                        List<String> problems, List<String> examples) {

    private static final int MAX_EXAMPLES = 10;

    /** Copies the parts. */
    public MailCheck {
        byKind = Map.copyOf(byKind);
        problems = List.copyOf(problems);
        examples = List.copyOf(examples);
    }

    /** Whether all is well. */
    public boolean ok() {
        return problems.isEmpty();
    }

    /** The messages by kind as one phrase, e.g. {@code 1 booked, 999 sorry, taken}. */
    public String kinds() {
        if (byKind.isEmpty()) {
            return "none";
        }
        Map<String, Long> sorted = new TreeMap<>(byKind);
        List<String> parts = new ArrayList<>();
        // "booked" first: the one message every race has
        Optional.ofNullable(sorted.remove(label(Notice.Kind.BOOKED, null))).ifPresent(n -> parts.add(n + " booked"));
        sorted.forEach((kind, count) -> parts.add(count + " " + kind));
        return String.join(", ", parts);
    }

    /** The kind of message a notice makes, as a person reads it. */
    public static String label(Notice.Kind kind, String detail) {
        return switch (kind) {
            case HELD -> "held";
            case BOOKED -> "booked";
            case CONFIRMED -> "confirmed";
            case RELEASED -> "released";
            case EXPIRED -> "hold expired";
            case REFUSED -> "NO_SUCH_SEAT".equals(detail) ? "no such seat" : "sorry, taken";
            case FAILED -> "failed";
        };
    }

    /** The kind of message a notice makes. */
    public static String label(Notice notice) {
        return label(notice.kind(), notice.detail());
    }

    /**
     * Checks the messages.
     *
     * @param messages what arrived
     * @param notices  the notice of an id, from the outbox (records stay there, sent, until purged)
     * @param owed     the racers' addresses, each with the kind of message it is owed, or null for none
     *                 (a racer who is owed nothing must get nothing)
     */
    public static MailCheck of(List<MimeMessage> messages, Function<String, Optional<Notice>> notices,
                               Map<String, String> owed) {
        Map<String, Long> byKind = new LinkedHashMap<>();
        Map<String, Integer> idCounts = new HashMap<>();
        Map<String, List<String>> gotByRacer = new HashMap<>();
        List<String> examples = new ArrayList<>();
        long racerMessages = 0;
        long others = 0;
        long withoutId = 0;
        long unknownId = 0;
        long misaddressed = 0;
        for (MimeMessage message : messages) {
            String id = MailServer.noticeId(message);
            List<String> to = MailServer.recipients(message);
            String recipient = to.size() == 1 ? to.get(0) : String.valueOf(to);
            if (id == null) {
                withoutId++;
                example(examples, "a message to " + recipient + " has no Message-ID of the form <notice-id@domain>");
            } else {
                idCounts.merge(id, 1, Integer::sum);
            }
            if (!owed.containsKey(recipient)) {
                others++;
                continue;
            }
            racerMessages++;
            Optional<Notice> notice = id == null ? Optional.empty() : notices.apply(id);
            String kind = notice.map(MailCheck::label).orElse("unknown");
            if (id != null && notice.isEmpty()) {
                unknownId++;
                example(examples, "the message " + id + " to " + recipient + " names no outbox record");
            }
            if (notice.isPresent() && !MailServer.addressOf(notice.get().user().value()).equals(recipient)) {
                misaddressed++;
                example(examples, "the notice " + id + " for " + notice.get().user() + " went to " + recipient);
            }
            byKind.merge(kind, 1L, Long::sum);
            gotByRacer.computeIfAbsent(recipient, r -> new ArrayList<>(1)).add(kind);
        }
        long expected = owed.values().stream().filter(Objects::nonNull).count();
        long missing = 0;
        long wrongKind = 0;
        long extra = 0;
        for (Map.Entry<String, String> racer : owed.entrySet()) {
            List<String> got = gotByRacer.getOrDefault(racer.getKey(), List.of());
            String want = racer.getValue();
            if (want == null) {
                if (!got.isEmpty()) {
                    extra += got.size();
                    example(examples, racer.getKey() + " was owed no message and got " + got);
                }
            } else if (got.isEmpty()) {
                missing++;
                example(examples, racer.getKey() + " was owed \"" + want + "\" and got nothing");
            } else {
                extra += got.size() - 1;
                if (got.size() > 1) {
                    example(examples, racer.getKey() + " was owed one \"" + want + "\" and got " + got);
                }
                if (!got.contains(want)) {
                    wrongKind++;
                    example(examples, racer.getKey() + " was owed \"" + want + "\" and got " + got);
                }
            }
        }
        long repeated = idCounts.values().stream().filter(count -> count > 1).count();
        List<String> problems = Stream.of(
                racerMessages != expected ? racerMessages + " messages to racers instead of " + expected : null,
                missing > 0 ? missing + " racers owed a message got none" : null,
                extra > 0 ? extra + " messages beyond the one each racer was owed" : null,
                wrongKind > 0 ? wrongKind + " racers got a message of the wrong kind" : null,
                repeated > 0 ? repeated + " Message-IDs arrived more than once" : null,
                withoutId > 0 ? withoutId + " messages without a notice's Message-ID" : null,
                unknownId > 0 ? unknownId + " messages naming no outbox record" : null,
                misaddressed > 0 ? misaddressed + " messages to another user than their notice's" : null)
                .filter(Objects::nonNull).toList();
        return new MailCheck(byKind, racerMessages, expected, others, repeated, problems, examples);
    }

    private static void example(List<String> examples, String line) {
        if (examples.size() < MAX_EXAMPLES) {
            examples.add(line);
        }
    }
}
