package dev.booking.notify.it;

import org.h2.tools.Server;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import java.sql.SQLException;

/**
 * The notifications end to end on H2. The database is in memory in this JVM, served over TCP, so
 * that the rules' child processes reach the very same database, as the demo's worker processes do.
 */
class H2NotificationsTest extends NotificationsContract {

    private static Server server;

    @BeforeAll
    static void startServer() throws SQLException {
        // -ifNotExists: the clients create the in-memory database; without -tcpAllowOthers only local clients connect
        server = Server.createTcpServer("-tcpPort", "0", "-ifNotExists").start();
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.stop();
        }
    }

    @Override
    protected StoreSpec.Kind kind() {
        return StoreSpec.Kind.SQL;
    }

    @Override
    protected String url() {
        return "jdbc:h2:tcp://127.0.0.1:" + server.getPort() + "/mem:booking-notify-it;DB_CLOSE_DELAY=-1";
    }
}
