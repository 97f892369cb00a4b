package dev.booking.tck.outbox;

import dev.booking.core.SeatRepository;
import dev.booking.core.outbox.spi.OutboxStore;

/**
 * What the outbox kit ({@code OutboxContract}) needs from the backend under test, made fresh for
 * each rule: a repository that writes a notice to the outbox in the same transaction as every
 * change, and that outbox, empty, of the rule's own (a new table or collection), so that rules need
 * no cleanup between them.
 */
public interface OutboxFixture extends AutoCloseable {

    /** The repository, built with the outbox; the kit adds the seats it needs. */
    SeatRepository repository();

    /** The outbox the repository writes to. */
    OutboxStore outbox();

    /**
     * A second, independent handle on the same outbox, as a relay in another process would have
     * (its own pool or client where the backend has one); {@link #outbox()} where it has none.
     */
    default OutboxStore secondOutbox() {
        return outbox();
    }

    /** Drops what the fixture created and closes what it opened. */
    @Override
    void close();
}
