package dev.booking.mongo;

import com.mongodb.client.MongoClient;
import dev.booking.mongo.testsupport.InProcessMongo;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One {@link InProcessMongo} per test class: started before the class's first test, closed after
 * its last. Register it on a static field with {@code @RegisterExtension}.
 */
final class InProcessMongoPerClass implements BeforeAllCallback, AfterAllCallback {

    private InProcessMongo mongo;

    @Override
    public void beforeAll(ExtensionContext context) {
        mongo = InProcessMongo.start();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (mongo != null) {
            mongo.close();
        }
    }

    /** The client connected to this class's server. */
    MongoClient client() {
        return mongo.client();
    }
}
