/**
 * The booking contract, its values and results, the in-memory reference implementation, and the
 * SPI for adapter writers. No database dependency.
 */
module dev.booking.core {
    requires org.slf4j;

    exports dev.booking.core;
    exports dev.booking.core.memory;
    exports dev.booking.core.spi;
    exports dev.booking.core.outbox;
    exports dev.booking.core.outbox.spi;
}
