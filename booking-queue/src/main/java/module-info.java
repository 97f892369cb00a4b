/** The lines in front of a seat repository: the in-process waiting room. */
module dev.booking.queue {
    requires transitive dev.booking.core;
    requires org.slf4j;

    exports dev.booking.queue.waitingroom;
}
