package dev.booking.tck.line;

import dev.booking.core.SeatRepository;
import dev.booking.core.memory.InMemoryOutbox;
import dev.booking.core.memory.InMemorySeatRepository;
import dev.booking.core.outbox.spi.OutboxStore;
import dev.booking.queue.line.spi.LineTransport;
import dev.booking.tck.outbox.OutboxFixture;

import java.util.Optional;

/**
 * What a broker module's compatibility test gives the queue kit ({@link SharedLineContract}): its
 * lines, the seat store the workers decide on, and, where it can, worker processes and broker
 * faults. Created once per test class and closed after it.
 */
public interface LineFixture extends AutoCloseable {

    /** The broker's name as the kit prints it ("Redis", "RabbitMQ", "in-memory"). */
    String backendName();

    /**
     * A new connection to the broker ("an instance") on the line {@code name}, with the partitions
     * and capacity given. The same name gives the same line: every transport opened on it shares its
     * requests and ledger. The kit closes what it opens; a broken connection's transport may also be
     * closed by the fixture's {@link #close()}.
     *
     * @param name       the line's name; the kit uses a fresh one per rule
     * @param partitions how many partitions, at least 1
     * @param capacity   how many undecided requests a partition holds before appends answer full
     * @return a transport of its own
     */
    LineTransport open(String name, int partitions, long capacity);

    /** The seat store every worker of the fixture decides on (shared with its worker processes, if any). */
    SeatRepository seats();

    /** Worker JVMs on the same broker and seat store; empty where the line cannot cross processes (in-memory). */
    Optional<WorkerProcesses> processes();

    /**
     * For rule L7, called once per rule: a new seat store that writes the notice of every change it
     * makes to an outbox in the same transaction, and that outbox, empty. The rule's workers, all
     * in-process, decide on that store and write their refusals to that outbox
     * ({@link dev.booking.queue.line.LineWorkers.Builder#notices}); the kit closes it after the rule.
     *
     * <p>The default is the in-memory store with an {@link InMemoryOutbox}, which in-process
     * workers on any broker can use, so that the rule checks every broker's part (settle, redeliver,
     * acknowledge) whatever the fixture's store; a fixture whose store has an outbox of its own may
     * return that instead.
     *
     * @return the store and its outbox, of this rule alone
     */
    default OutboxFixture outboxed() {
        InMemoryOutbox outbox = new InMemoryOutbox();
        SeatRepository repository = InMemorySeatRepository.builder().outbox(outbox).build();
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

    /** Broker faults (drop connections, restart a private broker); empty where not applicable. */
    Optional<BrokerFaults> faults();

    /** Releases the broker connections, worker processes and servers the fixture started. */
    @Override
    void close();
}
