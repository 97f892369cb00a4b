package dev.booking.mongo;

import com.mongodb.MongoSocketException;
import com.mongodb.ServerAddress;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import dev.booking.tck.FaultCountdown;
import dev.booking.tck.StoreFaults;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Set;

/**
 * A {@link MongoClient} in front of another whose collections' writes fail on demand, the kit's
 * {@link StoreFaults} hook for MongoDB. A write is one data-changing operation of a collection
 * ({@code findOneAndUpdate}, {@code updateOne}, {@code insertMany} and the like); reads and index
 * builds are not. A failed write throws before it is sent; a write whose acknowledgement is lost is
 * sent and applied, and then throws. Both throw a {@link MongoSocketException}, as a dropped
 * connection does. The databases and collections it hands out, and those derived from them with
 * {@code with...}, all inject; the client itself is never closed by it.
 */
final class FaultInjectingMongoClient implements StoreFaults {

    private static final Set<String> WRITES = Set.of("insertOne", "insertMany", "updateOne", "updateMany",
            "replaceOne", "deleteOne", "deleteMany", "findOneAndUpdate", "findOneAndReplace", "findOneAndDelete",
            "bulkWrite");

    private final MongoClient client;
    private final FaultCountdown failedCommits = new FaultCountdown();
    private final FaultCountdown lostAcknowledgements = new FaultCountdown();

    FaultInjectingMongoClient(MongoClient client) {
        this.client = (MongoClient) proxy(client, MongoClient.class);
    }

    /** The client to build repositories on. */
    MongoClient client() {
        return client;
    }

    @Override
    public void failNextCommits(int n) {
        failedCommits.arm(n);
    }

    @Override
    public void loseNextAcknowledgements(int n) {
        lostAcknowledgements.arm(n);
    }

    @Override
    public void heal() {
        failedCommits.disarm();
        lostAcknowledgements.disarm();
    }

    @Override
    public long injected() {
        return failedCommits.fired() + lostAcknowledgements.fired();
    }

    private Object proxy(Object target, Class<?> type) {
        return Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (proxy, method, args) -> {
            if (type == MongoCollection.class && WRITES.contains(method.getName())) {
                return write(target, method, args);
            }
            Object result = invoke(target, method, args);
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
        if (failedCommits.fire()) {
            throw new MongoSocketException("injected by the test: the write failed", new ServerAddress());
        }
        Object result = invoke(collection, method, args);
        if (lostAcknowledgements.fire()) {
            throw new MongoSocketException("injected by the test: the write was made, its acknowledgement lost",
                    new ServerAddress());
        }
        return result;
    }

    private static Object invoke(Object target, Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
