package dev.booking.mongo.testsupport;

import de.bwaldvogel.mongo.backend.CollectionOptions;
import de.bwaldvogel.mongo.backend.CursorRegistry;
import de.bwaldvogel.mongo.backend.QueryParameters;
import de.bwaldvogel.mongo.backend.QueryResult;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import de.bwaldvogel.mongo.backend.memory.MemoryCollection;
import de.bwaldvogel.mongo.backend.memory.MemoryDatabase;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.oplog.Oplog;

import java.util.ArrayList;
import java.util.List;

/**
 * mongo-java-server's memory backend, except that the documents of a reply are copied while the
 * collection's lock is held. The plain backend (1.47) puts the stored documents themselves into
 * {@code find} and {@code findAndModify} replies and encodes them after the lock is released; an
 * update of the same documents meanwhile changes them in place, so a reply can be torn (some fields
 * before the update, some after) or fail with a {@code ConcurrentModificationException} when the
 * update adds or removes a field, which closes the connection and clears the driver's pool. Real
 * MongoDB returns a consistent snapshot of each document; with these copies the test server does too.
 *
 * <p>{@link InProcessMongo} runs it; so do the race demo and the benchmarks in {@code booking-bench}.
 */
public final class CopyingMemoryBackend extends MemoryBackend {

    /** A backend with no databases yet. */
    public CopyingMemoryBackend() {
    }

    @Override
    public MemoryDatabase openOrCreateDatabase(String databaseName) {
        return new MemoryDatabase(databaseName, getCursorRegistry()) {
            @Override
            protected MemoryCollection openOrCreateCollection(String collectionName, CollectionOptions options) {
                return new CopyingCollection(this, collectionName, options, cursorRegistry);
            }
        };
    }

    /**
     * A memory collection whose replies hold copies, taken under the collection's lock. Its own
     * {@code findAndModify} and {@code delete} query through {@code handleQuery} and change what it
     * returns, so while they run, {@code handleQuery} returns the stored documents themselves.
     */
    private static final class CopyingCollection extends MemoryCollection {

        /** Whether a change that works on the stored documents is running; guarded by this. */
        private boolean changing;

        CopyingCollection(MemoryDatabase database, String name, CollectionOptions options, CursorRegistry cursors) {
            super(database, name, options, cursors);
        }

        @Override
        public synchronized QueryResult handleQuery(QueryParameters parameters) {
            QueryResult result = super.handleQuery(parameters);
            if (changing) {
                return result;
            }
            List<Document> copies = new ArrayList<>();
            for (Document document : result) {
                copies.add(document.cloneDeeply());
            }
            return new QueryResult(copies, result.getCursorId());
        }

        @Override
        public synchronized Document findAndModify(Document query) {
            Document result;
            changing = true;
            try {
                result = super.findAndModify(query);
            } finally {
                changing = false;
            }
            if (result.get("value") instanceof Document value) {
                result.put("value", value.cloneDeeply());
            }
            return result;
        }

        @Override
        public synchronized int deleteDocuments(Document selector, int limit, Oplog oplog) {
            changing = true;
            try {
                return super.deleteDocuments(selector, limit, oplog);
            } finally {
                changing = false;
            }
        }
    }
}
