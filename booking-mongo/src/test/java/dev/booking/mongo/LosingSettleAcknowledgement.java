package dev.booking.mongo;

import com.mongodb.MongoSocketException;
import com.mongodb.ServerAddress;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import dev.booking.testsupport.Proxies;
import org.bson.BsonDocument;
import org.bson.conversions.Bson;

import java.lang.reflect.Proxy;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A {@link MongoClient} in front of another whose first {@code updateOne} that pushes notices onto a
 * seat (the write that makes a change final) is applied and then throws, as if its acknowledgement
 * were lost: {@link FaultInjectingMongoClient} counts writes, this one picks that write out.
 */
final class LosingSettleAcknowledgement {

    private final AtomicBoolean armed = new AtomicBoolean(true);
    private final MongoClient client;

    LosingSettleAcknowledgement(MongoClient client) {
        this.client = (MongoClient) proxy(client, MongoClient.class);
    }

    MongoClient client() {
        return client;
    }

    /** Whether the fault has fired. */
    boolean fired() {
        return !armed.get();
    }

    private Object proxy(Object target, Class<?> type) {
        return Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (proxy, method, args) -> {
            Object result = Proxies.forward(target, method, args);
            if (type == MongoCollection.class && method.getName().equals("updateOne") && args.length >= 2
                    && args[1] instanceof Bson update && pushesNotices(update) && armed.compareAndSet(true, false)) {
                throw new MongoSocketException("injected by the test: the write was made, its acknowledgement lost",
                        new ServerAddress());
            }
            if (result instanceof MongoCollection<?>) {
                return proxy(result, MongoCollection.class);
            }
            if (result instanceof MongoDatabase) {
                return proxy(result, MongoDatabase.class);
            }
            return result;
        });
    }

    private static boolean pushesNotices(Bson update) {
        BsonDocument document = update.toBsonDocument(BsonDocument.class,
                com.mongodb.MongoClientSettings.getDefaultCodecRegistry());
        return document.containsKey("$push");
    }
}
