/**
 * Email for the transactional outbox. {@link dev.booking.notify.mail.MailDelivery} is a
 * {@link dev.booking.core.outbox.NoticeDelivery}: it asks the application's
 * {@link dev.booking.notify.mail.RecipientResolver} for the address of the notice's user (a
 * {@code UserId} is opaque to the library), renders the notice with
 * {@link dev.booking.notify.mail.MailTemplates} (the {@linkplain dev.booking.notify.mail.MailTemplates#standard()
 * standard English ones} by default) into a {@link dev.booking.notify.mail.MailContent}, and sends one
 * {@code multipart/alternative} message whose {@code Message-ID} is derived from the notice's id, so a
 * receiver can drop the repeat a relay's crash window may cause. SMTP answers are classified: a
 * server that is down, slow or answers 4xx is asked again later; a 5xx answer, a user without an
 * address, or an address that is not one, is a refusal for good.
 *
 * <p>Every value a notice carries is user-supplied: the standard templates escape it in HTML and
 * keep it on one line in text, a {@link dev.booking.notify.mail.MailContent} subject is one line by
 * construction and is encoded by Jakarta Mail, and nothing else from a notice reaches a header
 * except its id, whose alphabet is header-safe.
 */
package dev.booking.notify.mail;
