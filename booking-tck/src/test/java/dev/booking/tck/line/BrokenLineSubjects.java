package dev.booking.tck.line;

import dev.booking.core.SeatRepository;
import dev.booking.core.memory.InMemoryOutbox;
import dev.booking.core.memory.InMemorySeatRepository;
import dev.booking.core.outbox.Notice;
import dev.booking.core.outbox.spi.OutboxStore;
import dev.booking.tck.outbox.OutboxFixture;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.Set;

/** The kit's rules run against the kit's own line with one flaw each (not run by themselves: no Test suffix). */
final class BrokenLineSubjects {

    private BrokenLineSubjects() {
    }

    /** Settle overwrites a final status. */
    static class SettleOverwrites extends SharedLineContract {
        @Override
        protected LineFixture fixture() {
            return new KitLineFixture(Set.of(KitLine.Flaw.SETTLE_OVERWRITES));
        }
    }

    /** A poll hands a partition's requests newest first. */
    static class ReordersWithinAPartition extends SharedLineContract {
        @Override
        protected LineFixture fixture() {
            return new KitLineFixture(Set.of(KitLine.Flaw.REORDERS_WITHIN_A_PARTITION));
        }
    }

    /** A dead consumer's unacknowledged deliveries are lost. */
    static class DropsUnackedOnCrash extends SharedLineContract {
        @Override
        protected LineFixture fixture() {
            return new KitLineFixture(Set.of(KitLine.Flaw.DROPS_UNACKED_ON_CRASH));
        }
    }

    /** Past capacity, an append answers appended and keeps nothing. */
    static class DropsPastCapacitySilently extends SharedLineContract {
        @Override
        protected LineFixture fixture() {
            return new KitLineFixture(Set.of(KitLine.Flaw.DROPS_PAST_CAPACITY_SILENTLY));
        }
    }

    /** No backpressure: appends past capacity are accepted. */
    static class AcceptsAboveCapacity extends SharedLineContract {
        @Override
        protected LineFixture fixture() {
            return new KitLineFixture(Set.of(KitLine.Flaw.ACCEPTS_ABOVE_CAPACITY));
        }
    }

    /** The backlog never falls: decided requests still count. */
    static class BacklogNeverFalls extends SharedLineContract {
        @Override
        protected LineFixture fixture() {
            return new KitLineFixture(Set.of(KitLine.Flaw.BACKLOG_NEVER_FALLS));
        }
    }

    /** A broker restart loses what was queued. */
    static class ForgetsTheLineOnRestart extends SharedLineContract {
        @Override
        protected LineFixture fixture() {
            return new KitLineFixture(Set.of(KitLine.Flaw.FORGETS_THE_LINE_ON_RESTART), true);
        }
    }

    /**
     * The workers' outbox keys every append by a fresh id, so {@code appendIfAbsent} never finds the
     * notice written before: a redelivered refusal is told twice.
     */
    static class OutboxAppendsEveryTime extends SharedLineContract {
        @Override
        protected LineFixture fixture() {
            return new KitLineFixture(Set.of()) {
                @Override
                public OutboxFixture outboxed() {
                    InMemoryOutbox outbox = new InMemoryOutbox();
                    OutboxStore forgetful = (OutboxStore) Proxy.newProxyInstance(OutboxStore.class.getClassLoader(),
                            new Class<?>[] {OutboxStore.class}, (proxy, method, args) -> {
                                if (method.getName().equals("appendIfAbsent")) {
                                    Notice n = (Notice) args[0];
                                    args = new Object[] {new Notice(Notice.randomId(), n.kind(), n.user(), n.reference(),
                                            n.seats(), n.holdExpiresAt(), n.detail(), n.createdAt())};
                                }
                                try {
                                    return method.invoke(outbox, args);
                                } catch (InvocationTargetException e) {
                                    throw e.getCause();
                                }
                            });
                    return fixtureOf(InMemorySeatRepository.builder().outbox(outbox).build(), forgetful);
                }
            };
        }
    }

    /**
     * The workers' store is not built with their outbox (the pairing {@code notices(...)} asks
     * for): refusals are told, bookings are not.
     */
    static class StoreWithoutTheOutbox extends SharedLineContract {
        @Override
        protected LineFixture fixture() {
            return new KitLineFixture(Set.of()) {
                @Override
                public OutboxFixture outboxed() {
                    return fixtureOf(new InMemorySeatRepository(), new InMemoryOutbox());
                }
            };
        }
    }

    private static OutboxFixture fixtureOf(SeatRepository repository, OutboxStore outbox) {
        return new OutboxFixture() {
            @Override
            public SeatRepository repository() {
                return repository;
            }

            @Override
            public OutboxStore outbox() {
                return outbox;
            }

            @Override
            public void close() {
                // nothing outside the heap
            }
        };
    }
}
