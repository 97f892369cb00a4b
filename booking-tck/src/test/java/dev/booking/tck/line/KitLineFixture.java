package dev.booking.tck.line;

import dev.booking.core.SeatRepository;
import dev.booking.core.memory.InMemorySeatRepository;
import dev.booking.queue.line.spi.LineTransport;

import java.time.Duration;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/** The kit's own in-memory line ({@link KitLine}) with the flaws given, over an in-memory seat store. */
class KitLineFixture implements LineFixture {

    private final KitLine.Broker broker;
    private final SeatRepository seats = new InMemorySeatRepository();

    private final boolean faultable;

    KitLineFixture(Set<KitLine.Flaw> flaws) {
        this(flaws, false);
    }

    KitLineFixture(Set<KitLine.Flaw> flaws, boolean faultable) {
        this.faultable = faultable;
        this.broker = new KitLine.Broker(flaws.isEmpty() ? EnumSet.noneOf(KitLine.Flaw.class) : EnumSet.copyOf(flaws));
    }

    @Override
    public String backendName() {
        return "the kit's line";
    }

    @Override
    public LineTransport open(String name, int partitions, long capacity) {
        return broker.open(name, partitions, capacity);
    }

    @Override
    public SeatRepository seats() {
        return seats;
    }

    @Override
    public Optional<WorkerProcesses> processes() {
        return Optional.empty();
    }

    @Override
    public Optional<BrokerFaults> faults() {
        if (!faultable) {
            return Optional.empty();
        }
        return Optional.of(new BrokerFaults() {
            @Override
            public void dropConnections() {
                broker.dropConnections();
            }

            @Override
            public void restartBroker() {
                broker.restart(Duration.ofMillis(500));
            }
        });
    }

    @Override
    public void close() {
        // nothing outside the heap
    }
}
