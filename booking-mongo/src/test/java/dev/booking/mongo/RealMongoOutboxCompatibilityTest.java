package dev.booking.mongo;

import dev.booking.mongo.testsupport.RealMongoServer;
import dev.booking.tck.outbox.OutboxContract;
import dev.booking.tck.outbox.OutboxFixture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;

/**
 * The outbox kit against real MongoDB, with the defaults (majority write and read concern). The
 * server is found as for {@link RealMongoCompatibilityTest}: {@value RealMongoServer#URI_VARIABLE},
 * else a {@value RealMongoServer#IMAGE} container, else a skip with one line (a failure with
 * {@code BOOKING_REQUIRE_MONGO=true}). The second relay's outbox is a second {@link MongoOutbox} on
 * the same client (the server's pool serves both as it would two processes).
 */
@Tag("optional-server")
class RealMongoOutboxCompatibilityTest extends OutboxContract {

    private static RealMongoServer server;

    @BeforeAll
    static void connect() {
        server = RealMongoServer.connect();
    }

    @AfterAll
    static void disconnect() {
        if (server != null) {
            server.close();
        }
    }

    @Override
    protected OutboxFixture newFixture() {
        return new MongoOutboxFixture(server.client(), server.client(), server.database());
    }
}
