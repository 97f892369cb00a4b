package dev.booking.tck.line;

/** Faults a fixture can cause on its broker, for rule L5 of {@link SharedLineContract}. */
public interface BrokerFaults {

    /**
     * Drops every client connection the broker holds for the fixture's lines (the clients see the
     * connection reset and must reconnect by themselves); the broker keeps running.
     */
    void dropConnections();

    /**
     * Stops the fixture's private broker and starts it again on the same port and data, waiting
     * until it accepts connections. Never the shared broker of the machine.
     */
    void restartBroker();
}
