package dev.booking.tck.line;

import dev.booking.core.SeatRepository;
import dev.booking.core.memory.InMemorySeatRepository;
import dev.booking.queue.line.spi.LineTransport;

import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/** The kit's own in-memory line ({@link KitLine}) with the flaws given, over an in-memory seat store. */
class KitLineFixture implements LineFixture {

    private final KitLine.Broker broker;
    private final SeatRepository seats = new InMemorySeatRepository();

    KitLineFixture(Set<KitLine.Flaw> flaws) {
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
        return Optional.empty();
    }

    @Override
    public void close() {
        // nothing outside the heap
    }
}
