package dev.booking.mongo.testsupport;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Updates;
import dev.booking.tck.Race;
import org.bson.Document;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The test server itself: a document read while other connections update it, adding and removing
 * a field, is always whole, as on MongoDB (see {@link CopyingMemoryBackend}). Without the copies,
 * such reads were torn or broke the connection, which made lifecycle races fail for the server's
 * sake, not the adapter's.
 */
class InProcessMongoTest {

    private static final int FIELDS = 200;

    @Test
    void aDocumentReadWhileItIsUpdatedIsEitherTheOldOrTheNewOne() {
        try (InProcessMongo mongo = InProcessMongo.start()) {
            MongoCollection<Document> documents = mongo.client().getDatabase("server_test").getCollection("torn");
            documents.insertOne(fields(0).append("_id", 1));
            int callers = 24;
            int rounds = 150;

            List<Race.Attempt<List<Document>>> attempts = Race.run(callers, caller -> () -> {
                List<Document> seen = new ArrayList<>();
                for (int round = 0; round < rounds; round++) {
                    if (caller % 3 == 0) {
                        // all fields change together; "extra" exists exactly while they are odd
                        int value = caller * rounds + round;
                        documents.updateOne(Filters.eq("_id", 1), Updates.combine(new Document("$set", fields(value)),
                                value % 2 == 1 ? Updates.set("extra", true) : Updates.unset("extra")));
                    } else if (caller % 3 == 1) {
                        seen.add(documents.find(Filters.eq("_id", 1)).first());
                    } else {
                        seen.add(documents.findOneAndUpdate(Filters.eq("_id", 1), Updates.inc("reads", 1),
                                new FindOneAndUpdateOptions().returnDocument(ReturnDocument.AFTER)));
                    }
                }
                return seen;
            }, Duration.ofMinutes(2));

            assertThat(attempts).extracting(Race.Attempt::failure).containsOnlyNulls();
            List<Document> reads = attempts.stream().flatMap(attempt -> attempt.value().stream()).toList();
            assertThat(reads).hasSize(callers / 3 * 2 * rounds).allSatisfy(document -> {
                int value = document.getInteger("f0");
                assertThat(document).as("one update's fields, not two").containsAllEntriesOf(fields(value));
                assertThat(document.containsKey("extra")).isEqualTo(value % 2 == 1);
            });
            assertThat(documents.find().first().getInteger("reads")).as("no update lost to a copy")
                    .isEqualTo(callers / 3 * rounds);
        }
    }

    /** Enough fields that encoding a reply takes a while: {@code f0 .. f199}, all {@code value}. */
    private static Document fields(int value) {
        Document fields = new Document();
        for (int i = 0; i < FIELDS; i++) {
            fields.append("f" + i, value);
        }
        return fields;
    }
}
