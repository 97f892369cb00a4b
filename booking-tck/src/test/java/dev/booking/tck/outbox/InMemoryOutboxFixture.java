package dev.booking.tck.outbox;

import dev.booking.core.SeatRepository;
import dev.booking.core.memory.InMemoryOutbox;
import dev.booking.core.memory.InMemorySeatRepository;
import dev.booking.core.outbox.spi.OutboxStore;

import java.util.function.BiFunction;
import java.util.function.UnaryOperator;

/**
 * The in-memory repository writing to an in-memory outbox, optionally seen through a broken wrapper
 * of either (for {@link KitCatchesBrokenOutboxesTest}).
 */
final class InMemoryOutboxFixture implements OutboxFixture {

    private final SeatRepository repository;
    private final OutboxStore outbox;

    InMemoryOutboxFixture() {
        this(UnaryOperator.identity(), (repository, outbox) -> repository);
    }

    /**
     * @param outboxView     what the kit sees of the outbox
     * @param repositoryView what the kit sees of the repository, given the outbox the kit sees
     */
    InMemoryOutboxFixture(UnaryOperator<OutboxStore> outboxView,
                          BiFunction<SeatRepository, OutboxStore, SeatRepository> repositoryView) {
        InMemoryOutbox store = new InMemoryOutbox();
        this.outbox = outboxView.apply(store);
        this.repository = repositoryView.apply(InMemorySeatRepository.builder().outbox(store).build(), outbox);
    }

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
        // nothing outlives the rule but garbage
    }
}
