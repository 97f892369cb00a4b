package dev.booking.notify.mail;

import dev.booking.core.BookingReference;
import dev.booking.core.SeatId;
import dev.booking.core.ShowId;
import dev.booking.core.UserId;
import dev.booking.core.outbox.Notice;
import dev.booking.core.outbox.Notice.Kind;

import java.time.Instant;
import java.util.List;

/** Notices for the tests: one per message the standard templates write, with what each must say. */
final class Notices {

    static final Instant CREATED = Instant.parse("2026-12-06T05:00:00Z");
    static final Instant PAY_BY = Instant.parse("2026-12-06T17:15:00Z");

    /** Each message of the standard templates: the notice's kind and detail, its subject's start, a phrase of its body. */
    enum Case {
        HELD(Kind.HELD, null, "Held until December 6, 2026", "(pay by "),
        BOOKED(Kind.BOOKED, null, "Booked: ", "Your seats are booked."),
        CONFIRMED(Kind.CONFIRMED, null, "Confirmed: ", "Your held seats are confirmed"),
        TAKEN(Kind.REFUSED, "TAKEN", "Sorry, taken: ", "were taken by someone else"),
        NO_SUCH_SEAT(Kind.REFUSED, "NO_SUCH_SEAT", "No such seat: ", "do not exist"),
        FAILED(Kind.FAILED, "java.sql.SQLTransientConnectionException: pool db-7 exhausted",
                "Sorry, we could not complete your request", "something went wrong on our side"),
        RELEASED(Kind.RELEASED, null, "Released: ", "were released"),
        EXPIRED(Kind.EXPIRED, null, "Hold expired: ", "expired before payment");

        final Kind kind;
        final String detail;
        final String subjectStart;
        final String phrase;

        Case(Kind kind, String detail, String subjectStart, String phrase) {
            this.kind = kind;
            this.detail = detail;
            this.subjectStart = subjectStart;
            this.phrase = phrase;
        }

        /** This case's notice for {@code user}, of seats A1 and A2 of {@code show}. */
        Notice notice(String show, String user) {
            return notice(UserId.of(user), BookingReference.of("ref-" + name().toLowerCase()),
                    List.of(SeatId.of(show, "A1"), SeatId.of(show, "A2")));
        }

        Notice notice(UserId user, BookingReference reference, List<SeatId> seats) {
            return new Notice(Notice.randomId(), kind, user, reference, seats, kind == Kind.HELD ? PAY_BY : null,
                    detail, CREATED);
        }
    }

    /** The hostile show name, seat number, reference and user, and how each must read once escaped for HTML. */
    static final String HOSTILE_SHOW = "<script>alert(\"x&y\")</script> O'Neil \ud83c\udfad\u2028Act 2";
    static final String HOSTILE_SHOW_HTML =
            "&lt;script&gt;alert(&quot;x&amp;y&quot;)&lt;/script&gt; O&#39;Neil \ud83c\udfad&#x2028;Act 2";
    static final String HOSTILE_SEAT = "A1\u2029<img src=x onerror=alert(1)>";
    static final String HOSTILE_SEAT_HTML = "A1&#x2029;&lt;img src=x onerror=alert(1)&gt;";
    static final String HOSTILE_REFERENCE = "r\"ef' & <b>Bcc: victim@example.org</b>";
    static final String HOSTILE_REFERENCE_HTML = "r&quot;ef&#39; &amp; &lt;b&gt;Bcc: victim@example.org&lt;/b&gt;";
    static final String HOSTILE_USER = "ann\u2028Bcc: victim@example.org\u2029</td><script>x</script>";
    static final String HOSTILE_USER_HTML = "ann&#x2028;Bcc: victim@example.org&#x2029;&lt;/td&gt;&lt;script&gt;x&lt;/script&gt;";

    /** {@code c}'s notice with every value hostile. */
    static Notice hostile(Case c) {
        return c.notice(UserId.of(HOSTILE_USER), BookingReference.of(HOSTILE_REFERENCE),
                List.of(new SeatId(ShowId.of(HOSTILE_SHOW), HOSTILE_SEAT)));
    }

    private Notices() {
    }
}
