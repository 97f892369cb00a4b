package dev.booking.notify.it;

import dev.booking.core.outbox.DeliveryResult;
import dev.booking.core.outbox.Notice;
import dev.booking.core.outbox.NoticeDelivery;
import dev.booking.core.outbox.OutboxRecord;
import dev.booking.core.outbox.OutboxState;
import dev.booking.core.outbox.spi.OutboxStore;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The rules on H2 with one part broken on purpose, for {@link NotificationsCatchBrokenPartsTest}.
 * Nested, so that Surefire does not run them as suites of their own.
 */
final class BrokenNotificationSubjects {

    private BrokenNotificationSubjects() {
    }

    /** Workers that write a refusal's notice under a new id each time, as if per delivery rather than per ticket. */
    static class LineWritesEveryRefusalTwice extends H2NotificationsTest {
        @Override
        protected OutboxStore lineNotices(OutboxStore outbox) {
            return new ForwardingOutbox(outbox) {
                @Override
                public boolean appendIfAbsent(Notice notice) {
                    boolean appended = super.appendIfAbsent(notice);
                    super.appendIfAbsent(renamed(notice));
                    return appended;
                }
            };
        }
    }

    /** A delivery that gives every attempt a new message id: a repeat cannot be recognised. */
    static class NewMessageIdPerAttempt extends H2NotificationsTest {
        @Override
        protected NoticeDelivery delivery(NoticeDelivery mail) {
            return notice -> mail.deliver(renamed(notice));
        }
    }

    /** A delivery that gives up at the first temporary failure. */
    static class TemporaryFailuresAreFinal extends H2NotificationsTest {
        @Override
        protected NoticeDelivery delivery(NoticeDelivery mail) {
            return notice -> {
                DeliveryResult result = mail.deliver(notice);
                return result instanceof DeliveryResult.RetryLater later ? new DeliveryResult.Rejected(later.reason())
                        : result;
            };
        }
    }

    /** A delivery that keeps retrying a permanent refusal. */
    static class PermanentRefusalsAreRetried extends H2NotificationsTest {
        @Override
        protected NoticeDelivery delivery(NoticeDelivery mail) {
            return notice -> {
                DeliveryResult result = mail.deliver(notice);
                return result instanceof DeliveryResult.Rejected rejected ? new DeliveryResult.RetryLater(rejected.reason())
                        : result;
            };
        }
    }

    /** An outbox whose claim hands every record out twice, as one that ignores leases would to two relays. */
    static class ClaimIgnoresLeases extends H2NotificationsTest {
        @Override
        protected OutboxStore relayOutbox(OutboxStore outbox) {
            return new ForwardingOutbox(outbox) {
                @Override
                public List<OutboxRecord> claimDue(String relay, int limit, Instant now, Instant leaseUntil) {
                    List<OutboxRecord> claimed = super.claimDue(relay, limit, now, leaseUntil);
                    List<OutboxRecord> twice = new ArrayList<>(claimed);
                    twice.addAll(claimed);
                    return twice;
                }
            };
        }
    }

    /** {@code notice} under a new random id. */
    static Notice renamed(Notice notice) {
        return new Notice(Notice.randomId(), notice.kind(), notice.user(), notice.reference(), notice.seats(),
                notice.holdExpiresAt(), notice.detail(), notice.createdAt());
    }

    /** An outbox that forwards every call; the broken ones override one. */
    private static class ForwardingOutbox implements OutboxStore {
        private final OutboxStore outbox;

        ForwardingOutbox(OutboxStore outbox) {
            this.outbox = outbox;
        }

        @Override
        public boolean appendIfAbsent(Notice notice) {
            return outbox.appendIfAbsent(notice);
        }

        @Override
        public List<OutboxRecord> claimDue(String relay, int limit, Instant now, Instant leaseUntil) {
            return outbox.claimDue(relay, limit, now, leaseUntil);
        }

        @Override
        public boolean markSent(String id, String relay, Instant at) {
            return outbox.markSent(id, relay, at);
        }

        @Override
        public boolean markRetry(String id, String relay, Instant nextAttemptAt, String error) {
            return outbox.markRetry(id, relay, nextAttemptAt, error);
        }

        @Override
        public boolean markDead(String id, String relay, String error) {
            return outbox.markDead(id, relay, error);
        }

        @Override
        public boolean requeue(String id) {
            return outbox.requeue(id);
        }

        @Override
        public int purge(OutboxState state, Instant before, int limit) {
            return outbox.purge(state, before, limit);
        }

        @Override
        public Optional<OutboxRecord> find(String id) {
            return outbox.find(id);
        }

        @Override
        public List<OutboxRecord> list(OutboxState state, int limit) {
            return outbox.list(state, limit);
        }

        @Override
        public long count(OutboxState state) {
            return outbox.count(state);
        }
    }
}
