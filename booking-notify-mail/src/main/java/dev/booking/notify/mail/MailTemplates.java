package dev.booking.notify.mail;

import dev.booking.core.outbox.Notice;
import dev.booking.core.spi.Arguments;

import java.time.ZoneId;
import java.util.Locale;

/**
 * Turns a {@link Notice} into the message its user receives. Called from several relay threads at
 * once, so an implementation must be thread-safe.
 *
 * <p>Every value of a notice (show, seat numbers, reference, user, detail) is user-supplied and may
 * hold quotes, angle brackets, ampersands, emoji or Unicode line separators: an implementation must
 * escape them in the HTML part. {@link MailContent} keeps the subject to one line whatever the
 * implementation does. {@link Notice#detail()} of a {@link Notice.Kind#FAILED FAILED} notice is for
 * operators; a template should not show it to the user.
 */
@FunctionalInterface
public interface MailTemplates {

    /**
     * Renders {@code notice}.
     *
     * @param notice what to tell
     * @return the message
     */
    MailContent render(Notice notice);

    /**
     * The standard English templates, dates in UTC: "booked", "held until ... (pay by ...)",
     * "confirmed", "sorry, taken" and "no such seat" (the two refusals), "failed" (an apology that
     * shows no internal detail), "released" and "hold expired".
     *
     * @return the templates
     */
    static MailTemplates standard() {
        return standard(ZoneId.of("UTC"), Locale.ENGLISH);
    }

    /**
     * The {@linkplain #standard() standard templates}, with dates in {@code zone} and in the format
     * {@code locale} gives them (the words stay English).
     *
     * @param zone   where the dates are told
     * @param locale how the dates are written
     * @return the templates
     * @throws IllegalArgumentException naming {@code zone} or {@code locale} if it is null
     */
    static MailTemplates standard(ZoneId zone, Locale locale) {
        return new StandardTemplates(Arguments.requirePresent("zone", zone), Arguments.requirePresent("locale", locale));
    }
}
