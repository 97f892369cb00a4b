/**
 * Notifications in the harness: an SMTP server in the harness's own JVM ({@link
 * dev.booking.bench.notify.MailServer}, GreenMail), the relay that delivers a race's outbox to it
 * through the library's mail sender ({@link dev.booking.bench.notify.Notifications}), and the check of
 * what arrived against what each caller was told ({@link dev.booking.bench.notify.MailCheck}): for
 * {@code ./race --notify} and the outbox benchmarks.
 */
package dev.booking.bench.notify;
