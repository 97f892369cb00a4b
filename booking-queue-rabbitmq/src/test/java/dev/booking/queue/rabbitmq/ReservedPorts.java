package dev.booking.queue.rabbitmq;

import java.io.IOException;
import java.net.ServerSocket;

/**
 * The ports 17300-17399, set aside for the private nodes of the failure suites: 17390-17399 for
 * their CLI calls, the rest handed out in order, skipping any already in use (a node of another run).
 */
final class ReservedPorts {

    private static final int FIRST = 17300;
    private static final int CLI_MIN = 17390;
    private static final int CLI_MAX = 17399;
    private static int next = FIRST;

    private ReservedPorts() {
    }

    /** Ports for one more node. */
    static synchronized PrivateRabbitMq.Ports nextNode() {
        return new PrivateRabbitMq.Ports(nextFree(), nextFree(), CLI_MIN, CLI_MAX);
    }

    private static int nextFree() {
        while (next < CLI_MIN) {
            int port = next++;
            try (ServerSocket probe = new ServerSocket(port)) {
                return probe.getLocalPort();
            } catch (IOException inUse) {
                // taken: try the next one
            }
        }
        throw new IllegalStateException("no free port left in " + FIRST + "-" + (CLI_MIN - 1));
    }
}
