/**
 * The outbox's email delivery: {@link dev.booking.notify.mail.MailDelivery} sends each
 * {@link dev.booking.core.outbox.Notice} as one plain text and HTML message over SMTP, through
 * Jakarta Mail and its Eclipse Angus Mail provider. Only {@code dev.booking.notify.mail} is API.
 */
module dev.booking.notify.mail {
    requires transitive dev.booking.core;
    // the builder takes the application's jakarta.mail.Session
    requires transitive jakarta.mail;
    // the provider's SMTP exceptions carry the reply codes that tell a retry from a refusal
    requires org.eclipse.angus.mail;
    requires org.slf4j;

    exports dev.booking.notify.mail;
}
