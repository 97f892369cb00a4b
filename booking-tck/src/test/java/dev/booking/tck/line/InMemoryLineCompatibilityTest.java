package dev.booking.tck.line;

import dev.booking.core.SeatRepository;
import dev.booking.core.memory.InMemorySeatRepository;
import dev.booking.queue.line.memory.InMemoryLine;
import dev.booking.queue.line.spi.LineTransport;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The queue kit on the reference line, {@link InMemoryLine}, over the in-memory seat store. It
 * cannot cross processes nor be faulted, so rule L4 kills an instance by closing its view under its
 * workers and rule L5 is not applicable.
 */
class InMemoryLineCompatibilityTest extends SharedLineContract {

    @Override
    protected LineFixture fixture() {
        return new InMemoryLineFixture();
    }

    /** Every {@link #open} of one name is a new view ({@link InMemoryLine#connect()}) on one line. */
    private static final class InMemoryLineFixture implements LineFixture {
        private final Map<String, InMemoryLine> lines = new ConcurrentHashMap<>();
        private final SeatRepository seats = new InMemorySeatRepository();

        @Override
        public String backendName() {
            return "in-memory";
        }

        @Override
        public LineTransport open(String name, int partitions, long capacity) {
            return lines.computeIfAbsent(name, n -> InMemoryLine.builder().name(n).partitions(partitions)
                    .capacity(capacity).build()).connect();
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
            lines.values().forEach(InMemoryLine::close);
        }
    }
}
