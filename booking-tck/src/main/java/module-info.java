/**
 * The compatibility kit: JUnit 5 contracts that any {@link dev.booking.core.SeatRepository} must
 * pass, the race helper they use, the linearizability checker of {@code dev.booking.tck.history},
 * and the queue kit of {@code dev.booking.tck.line} that every shared line's broker must pass.
 */
module dev.booking.tck {
    requires transitive dev.booking.core;
    requires transitive dev.booking.queue;
    requires transitive org.junit.jupiter.api;
    requires org.assertj.core;
    requires org.opentest4j;

    exports dev.booking.tck;
    exports dev.booking.tck.history;
    exports dev.booking.tck.line;
    exports dev.booking.tck.outbox;
    // JUnit finds and calls the contracts' rules (package-private methods) reflectively
    opens dev.booking.tck to org.junit.platform.commons;
    opens dev.booking.tck.line to org.junit.platform.commons;
    opens dev.booking.tck.outbox to org.junit.platform.commons;
}
