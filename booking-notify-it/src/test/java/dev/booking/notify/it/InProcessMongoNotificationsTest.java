package dev.booking.notify.it;

import dev.booking.mongo.testsupport.InProcessMongo;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The notifications end to end on the in-process MongoDB test server (mongo-java-server). It
 * listens on a real loopback port, so the rules' child processes connect to it like any client.
 */
class InProcessMongoNotificationsTest extends NotificationsContract {

    private static InProcessMongo mongo;

    @BeforeAll
    static void startServer() {
        mongo = InProcessMongo.start();
    }

    @AfterAll
    static void stopServer() {
        if (mongo != null) {
            mongo.close();
        }
    }

    @Override
    protected StoreSpec.Kind kind() {
        return StoreSpec.Kind.MONGO;
    }

    @Override
    protected String url() {
        return mongo.connectionString();
    }
}
