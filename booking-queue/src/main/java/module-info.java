/** The lines in front of a seat repository: the in-process waiting room and the shared line with its broker SPI. */
module dev.booking.queue {
    requires transitive dev.booking.core;
    requires org.slf4j;

    exports dev.booking.queue.waitingroom;
    exports dev.booking.queue.line;
    exports dev.booking.queue.line.spi;
    exports dev.booking.queue.line.memory;
}
