package dev.booking.mongo;

import com.mongodb.MongoSocketException;
import com.mongodb.ServerAddress;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import dev.booking.tck.CountdownFaults;
import dev.booking.tck.StoreFaults;
import dev.booking.testsupport.Proxies;

import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Set;

/**
 * A {@link MongoClient} in front of another whose collections' writes fail on demand, as its
 * {@link #hook()} (the kit's {@link StoreFaults} hook for MongoDB) arms them. A write is one data-changing operation of a collection
 * ({@code findOneAndUpdate}, {@code updateOne}, {@code insertMany} and the like); reads and index
 * builds are not. A failed write throws before it is sent; a write whose acknowledgement is lost is
 * sent and applied, and then throws. Both throw a {@link MongoSocketException}, as a dropped
 * connection does. The databases and collections it hands out, and those derived from them with
 * {@code with...}, all inject; the client itself is never closed by it.
 */
final class FaultInjectingMongoClient {

    private static final Set<String> WRITES = Set.of("insertOne", "insertMany", "updateOne", "updateMany",
            "replaceOne", "deleteOne", "deleteMany", "findOneAndUpdate", "findOneAndReplace", "findOneAndDelete",
            "bulkWrite");

    private final MongoClient client;
    private final CountdownFaults hook = new CountdownFaults();

    FaultInjectingMongoClient(MongoClient client) {
        this.client = (MongoClient) proxy(client, MongoClient.class);
    }

    /** The client to build repositories on. */
    MongoClient client() {
        return client;
    }

    /** The kit's hook, which arms the faults this client injects. */
    CountdownFaults hook() {
        return hook;
    }

    private Object proxy(Object target, Class<?> type) {
        return Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (proxy, method, args) -> {
            if (type == MongoCollection.class && WRITES.contains(method.getName())) {
                return write(target, method, args);
            }
            Object result = Proxies.forward(target, method, args);
            if (result instanceof MongoCollection<?>) {
                return proxy(result, MongoCollection.class);
            }
            if (result instanceof MongoDatabase) {
                return proxy(result, MongoDatabase.class);
            }
            return result;
        });
    }

    private Object write(Object collection, Method method, Object[] args) throws Throwable {
        if (hook.shouldFailWrite()) {
            throw new MongoSocketException("injected by the test: the write failed", new ServerAddress());
        }
        Object result = Proxies.forward(collection, method, args);
        if (hook.shouldLoseAcknowledgement()) {
            throw new MongoSocketException("injected by the test: the write was made, its acknowledgement lost",
                    new ServerAddress());
        }
        return result;
    }
}
