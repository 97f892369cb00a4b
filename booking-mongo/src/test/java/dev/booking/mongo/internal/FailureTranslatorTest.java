package dev.booking.mongo.internal;

import com.mongodb.MongoBulkWriteException;
import com.mongodb.MongoCommandException;
import com.mongodb.MongoConnectionPoolClearedException;
import com.mongodb.MongoException;
import com.mongodb.MongoExecutionTimeoutException;
import com.mongodb.MongoInterruptedException;
import com.mongodb.MongoNodeIsRecoveringException;
import com.mongodb.MongoNotPrimaryException;
import com.mongodb.MongoOperationTimeoutException;
import com.mongodb.MongoSecurityException;
import com.mongodb.MongoSocketOpenException;
import com.mongodb.MongoSocketReadException;
import com.mongodb.MongoSocketReadTimeoutException;
import com.mongodb.MongoTimeoutException;
import com.mongodb.MongoWriteConcernException;
import com.mongodb.MongoWriteException;
import com.mongodb.ServerAddress;
import com.mongodb.WriteError;
import com.mongodb.bulk.BulkWriteError;
import com.mongodb.bulk.BulkWriteResult;
import com.mongodb.bulk.WriteConcernError;
import dev.booking.core.BookingException.Failure;
import dev.booking.core.BookingException;
import org.bson.BsonArray;
import org.bson.BsonDocument;
import org.bson.BsonInt32;
import org.bson.BsonString;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The classification of driver exceptions, one kind at a time. The exceptions are the driver's own
 * types, built the way the driver builds them from server replies; no database is involved.
 */
class FailureTranslatorTest {

    private static final ServerAddress SERVER = new ServerAddress("db.example", 27017);

    @Test
    void timeoutsAreTimeout() {
        assertThat(FailureTranslator.classify(new MongoTimeoutException("server selection"))).isEqualTo(Failure.TIMEOUT);
        assertThat(FailureTranslator.classify(new MongoOperationTimeoutException("timeoutMS"))).isEqualTo(Failure.TIMEOUT);
        assertThat(FailureTranslator.classify(new MongoExecutionTimeoutException(50, "operation exceeded time limit")))
                .isEqualTo(Failure.TIMEOUT);
        assertThat(FailureTranslator.classify(new MongoSocketReadTimeoutException("read timed out", SERVER,
                new SocketTimeoutException()))).isEqualTo(Failure.TIMEOUT);
        assertThat(FailureTranslator.classify(new MongoWriteConcernException(
                new WriteConcernError(64, "WriteConcernFailed", "waiting for replication timed out",
                        new BsonDocument("wtimeout", org.bson.BsonBoolean.TRUE)), null, SERVER, Set.of())))
                .as("w:majority wtimeout").isEqualTo(Failure.TIMEOUT);
    }

    @Test
    void networkErrorsAndPrimaryChangesAreConnection() {
        assertThat(FailureTranslator.classify(new MongoSocketOpenException("refused", SERVER))).isEqualTo(Failure.CONNECTION);
        assertThat(FailureTranslator.classify(new MongoSocketReadException("closed", SERVER, new IOException())))
                .isEqualTo(Failure.CONNECTION);
        assertThat(FailureTranslator.classify(new MongoNotPrimaryException(reply(10107, "NotWritablePrimary"), SERVER)))
                .isEqualTo(Failure.CONNECTION);
        assertThat(FailureTranslator.classify(new MongoNodeIsRecoveringException(reply(11600, "InterruptedAtShutdown"),
                SERVER))).isEqualTo(Failure.CONNECTION);
        assertThat(FailureTranslator.classify(new MongoConnectionPoolClearedException(
                new com.mongodb.connection.ServerId(new com.mongodb.connection.ClusterId(), SERVER), null)))
                .isEqualTo(Failure.CONNECTION);
        assertThat(FailureTranslator.classify(new MongoWriteConcernException(
                new WriteConcernError(189, "PrimarySteppedDown", "stepped down", new BsonDocument()), null, SERVER,
                Set.of())))
                .as("write concern error from a primary that stepped down").isEqualTo(Failure.CONNECTION);
    }

    @Test
    void writeConflictsAndTransientTransactionErrorsAreTransientConflicts() {
        assertThat(FailureTranslator.classify(new MongoCommandException(reply(112, "WriteConflict"), SERVER)))
                .isEqualTo(Failure.TRANSIENT_CONFLICT);
        assertThat(FailureTranslator.classify(new MongoWriteException(
                new WriteError(112, "write conflict", new BsonDocument()), SERVER, Set.of())))
                .isEqualTo(Failure.TRANSIENT_CONFLICT);
        MongoCommandException labelled = new MongoCommandException(
                reply(251, "NoSuchTransaction").append("errorLabels", new BsonArray(List.of(
                        new BsonString(MongoException.TRANSIENT_TRANSACTION_ERROR_LABEL)))), SERVER);
        assertThat(FailureTranslator.classify(labelled)).isEqualTo(Failure.TRANSIENT_CONFLICT);
    }

    @Test
    void systemOverloadedIsOverloaded() {
        MongoCommandException overloaded = new MongoCommandException(reply(462, "IngressRequestRateLimitExceeded")
                .append("errorLabels", new BsonArray(List.of(new BsonString(MongoException.SYSTEM_OVERLOADED_ERROR_LABEL)))),
                SERVER);
        assertThat(FailureTranslator.classify(overloaded)).isEqualTo(Failure.OVERLOADED);
    }

    @Test
    void everythingElseIsUnexpected() {
        assertThat(FailureTranslator.classify(new MongoCommandException(reply(13, "Unauthorized"), SERVER)))
                .isEqualTo(Failure.UNEXPECTED);
        assertThat(FailureTranslator.classify(new MongoCommandException(reply(85, "IndexOptionsConflict"), SERVER)))
                .isEqualTo(Failure.UNEXPECTED);
        assertThat(FailureTranslator.classify(new MongoSecurityException(null, "authentication failed")))
                .isEqualTo(Failure.UNEXPECTED);
        assertThat(FailureTranslator.classify(new MongoInterruptedException("interrupted", null)))
                .isEqualTo(Failure.UNEXPECTED);
        assertThat(FailureTranslator.classify(new MongoException(-1, "boom"))).isEqualTo(Failure.UNEXPECTED);
    }

    @Test
    void onlyDuplicateKeyErrorsOfABulkInsertMayBeIgnored() {
        MongoBulkWriteException duplicates = bulk(List.of(error(0, 11000), error(3, 11000)), null);
        assertThat(FailureTranslator.onlyDuplicateKeys(duplicates)).isTrue();

        MongoBulkWriteException mixed = bulk(List.of(error(0, 11000), error(1, 112)), null);
        assertThat(FailureTranslator.onlyDuplicateKeys(mixed)).isFalse();
        assertThat(FailureTranslator.classify(mixed)).as("the first error that is not a duplicate key decides")
                .isEqualTo(Failure.TRANSIENT_CONFLICT);

        MongoBulkWriteException badDocument = bulk(List.of(error(0, 11000), error(1, 2)), null);
        assertThat(FailureTranslator.onlyDuplicateKeys(badDocument)).isFalse();
        assertThat(FailureTranslator.classify(badDocument)).isEqualTo(Failure.UNEXPECTED);

        MongoBulkWriteException duplicatesButNotDurable = bulk(List.of(error(0, 11000)),
                new WriteConcernError(64, "WriteConcernFailed", "waiting for replication timed out", new BsonDocument()));
        assertThat(FailureTranslator.onlyDuplicateKeys(duplicatesButNotDurable))
                .as("a write-concern error is never ignored").isFalse();
        assertThat(FailureTranslator.classify(duplicatesButNotDurable)).isEqualTo(Failure.TIMEOUT);
    }

    @Test
    void translateKeepsTheCauseAndNamesTheOperation() {
        MongoTimeoutException cause = new MongoTimeoutException("no server");
        BookingException e = FailureTranslator.translate("tryBook on MongoSeatRepository[booking.seats]", cause);
        assertThat(e.failure()).isEqualTo(Failure.TIMEOUT);
        assertThat(e.failure().isTransient()).isTrue();
        assertThat(e).hasCause(cause).hasMessageContaining("tryBook").hasMessageContaining("TIMEOUT");
    }

    private static BsonDocument reply(int code, String codeName) {
        return new BsonDocument("ok", new BsonInt32(0))
                .append("code", new BsonInt32(code))
                .append("codeName", new BsonString(codeName))
                .append("errmsg", new BsonString(codeName));
    }

    private static BulkWriteError error(int index, int code) {
        return new BulkWriteError(code, "E" + code, new BsonDocument(), index);
    }

    private static MongoBulkWriteException bulk(List<BulkWriteError> errors, WriteConcernError writeConcernError) {
        return new MongoBulkWriteException(BulkWriteResult.acknowledged(0, 0, 0, 0, List.of(), List.of()),
                errors, writeConcernError, SERVER, Set.of());
    }
}
