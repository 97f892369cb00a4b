/**
 * The compatibility kit: JUnit 5 contracts that any {@link dev.booking.core.SeatRepository} must
 * pass, the race helper they use, and the linearizability checker of {@code dev.booking.tck.history}.
 */
module dev.booking.tck {
    requires transitive dev.booking.core;
    requires transitive org.junit.jupiter.api;
    requires org.assertj.core;
    requires org.opentest4j;

    exports dev.booking.tck;
    exports dev.booking.tck.history;
    // JUnit finds and calls the contracts' rules (package-private methods) reflectively
    opens dev.booking.tck to org.junit.platform.commons;
}
