package dev.booking.notify.mail;

import dev.booking.core.SeatId;
import dev.booking.core.ShowId;
import dev.booking.core.outbox.Notice;
import dev.booking.core.spi.Arguments;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.FormatStyle;
import java.time.format.TextStyle;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** {@link MailTemplates#standard()}: the English messages for the seven kinds of notice. */
final class StandardTemplates implements MailTemplates {

    private final ZoneId zone;
    private final DateTimeFormatter dates;

    StandardTemplates(ZoneId zone, Locale locale) {
        this.zone = zone;
        // "December 6, 2026, 5:10 PM CET": the zone's name, since the reader may live in another
        this.dates = new DateTimeFormatterBuilder()
                .appendLocalized(FormatStyle.LONG, FormatStyle.SHORT)
                .appendLiteral(' ')
                .appendZoneText(TextStyle.SHORT)
                .toFormatter(locale);
    }

    @Override
    public MailContent render(Notice notice) {
        Arguments.requirePresent("notice", notice);
        String shows = shows(notice);
        Body body = new Body();
        String subject;
        switch (notice.kind()) {
            case HELD -> {
                String until = date(notice.holdExpiresAt());
                subject = "Held until " + until + ": " + shows;
                body.say("Your seats are held for you until ").say(until).say(" (pay by ").say(until)
                        .say(" to keep them; after that they go back on sale).");
            }
            case BOOKED -> {
                subject = "Booked: " + shows;
                body.say("Your seats are booked.");
            }
            case CONFIRMED -> {
                subject = "Confirmed: " + shows;
                body.say("Your held seats are confirmed: they are booked for you.");
            }
            case REFUSED -> {
                switch (notice.detail()) {
                    case "TAKEN" -> {
                        subject = "Sorry, taken: " + shows;
                        body.say("Sorry, the seats you asked for were taken by someone else. Nothing was booked for you.");
                    }
                    case "NO_SUCH_SEAT" -> {
                        subject = "No such seat: " + shows;
                        body.say("Sorry, the seats you asked for do not exist. Nothing was booked for you.");
                    }
                    default -> {
                        // a reason this template does not know: say no without it
                        subject = "Not booked: " + shows;
                        body.say("Sorry, your request could not be booked. Nothing was booked for you.");
                    }
                }
            }
            case FAILED -> {
                // the detail is for operators: internals are never shown to the user
                subject = "Sorry, we could not complete your request";
                body.say("Sorry, something went wrong on our side and we could not complete your request, so nothing "
                        + "was booked for you. Please try again; if it happens again, contact us with the reference below.");
            }
            case RELEASED -> {
                subject = "Released: " + shows;
                body.say("The seats below were released: they are no longer yours.");
            }
            case EXPIRED -> {
                subject = "Hold expired: " + shows;
                body.say("Your hold on the seats below expired before payment: they are no longer held for you.");
            }
            default -> throw new IllegalStateException("unknown kind " + notice.kind());
        }
        body.details(notice, notice.holdExpiresAt() == null ? null : date(notice.holdExpiresAt()));
        return new MailContent(Text.oneLine(subject), body.text(), body.html(subject));
    }

    private String date(Instant instant) {
        return dates.format(instant.atZone(zone));
    }

    /** The shows of the notice's seats, in seat order, for the subject. */
    private static String shows(Notice notice) {
        return String.join(", ", seatsByShow(notice).keySet().stream().map(ShowId::value).toList());
    }

    private static Map<ShowId, List<String>> seatsByShow(Notice notice) {
        Map<ShowId, List<String>> byShow = new LinkedHashMap<>();
        for (SeatId seat : notice.seats()) {
            byShow.computeIfAbsent(seat.show(), show -> new ArrayList<>()).add(seat.number());
        }
        return byShow;
    }

    /** A message's body, written once into its text and its HTML form. */
    private static final class Body {
        private final StringBuilder text = new StringBuilder();
        private final StringBuilder html = new StringBuilder();
        private final List<String[]> details = new ArrayList<>();

        private Body() {
            html.append("<p>");
        }

        /** Words of the lead paragraph; escaped in HTML too, as they may quote a value (a date). */
        Body say(String words) {
            text.append(Text.oneLine(words));
            html.append(Text.escapeHtml(words));
            return this;
        }

        /** The facts under the lead: show and seats, the deadline of a hold, reference and account. */
        void details(Notice notice, String payBy) {
            for (Map.Entry<ShowId, List<String>> show : seatsByShow(notice).entrySet()) {
                details.add(new String[]{"Show", show.getKey().value()});
                details.add(new String[]{show.getValue().size() == 1 ? "Seat" : "Seats", String.join(", ", show.getValue())});
            }
            if (payBy != null) {
                details.add(new String[]{"Pay by", payBy});
            }
            details.add(new String[]{"Reference", notice.reference().value()});
            details.add(new String[]{"Account", notice.user().value()});
        }

        String text() {
            StringBuilder out = new StringBuilder(text).append("\n\n");
            for (String[] detail : details) {
                out.append(detail[0]).append(": ").append(Text.oneLine(detail[1])).append('\n');
            }
            return out.append("\nThis message was sent automatically; please keep it for your records.\n").toString();
        }

        String html(String subject) {
            StringBuilder out = new StringBuilder("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"UTF-8\">\n<title>")
                    .append(Text.escapeHtml(subject)).append("</title>\n</head>\n<body>\n")
                    .append(html).append("</p>\n<table>\n");
            for (String[] detail : details) {
                out.append("<tr><th align=\"left\">").append(Text.escapeHtml(detail[0])).append("</th><td>")
                        .append(Text.escapeHtml(detail[1])).append("</td></tr>\n");
            }
            return out.append("</table>\n<p>This message was sent automatically; please keep it for your records.</p>\n")
                    .append("</body>\n</html>\n").toString();
        }
    }
}
