package dev.booking.mongo.internal;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoBulkWriteException;
import com.mongodb.MongoConnectionPoolClearedException;
import com.mongodb.MongoException;
import com.mongodb.MongoExecutionTimeoutException;
import com.mongodb.MongoNodeIsRecoveringException;
import com.mongodb.MongoNotPrimaryException;
import com.mongodb.MongoServerUnavailableException;
import com.mongodb.MongoSocketException;
import com.mongodb.MongoSocketReadTimeoutException;
import com.mongodb.MongoSocketWriteTimeoutException;
import com.mongodb.MongoStalePrimaryException;
import com.mongodb.MongoTimeoutException;
import com.mongodb.bulk.BulkWriteError;
import dev.booking.core.BookingException.Failure;
import dev.booking.core.BookingException;

import java.util.Set;

/**
 * Turns driver exceptions into the core {@link BookingException}, classified by exception type,
 * server error code and error label. The driver exception is always kept as the cause.
 *
 * <p>Thread-safety: stateless.
 */
public final class FailureTranslator {

    /** WriteConflict: the storage engine aborted the write to keep it isolated; nothing was written. */
    static final int WRITE_CONFLICT = 112;

    /** The server tells its own overload apart with this label (admission control refused the request). */
    static final String SYSTEM_OVERLOADED_LABEL = MongoException.SYSTEM_OVERLOADED_ERROR_LABEL;

    /**
     * Server codes that mean "this node cannot serve you now": not (or no longer) primary, shutting
     * down, stepping down, unreachable. Write errors and write-concern errors carry them as plain
     * codes, without the driver's dedicated exception types.
     */
    private static final Set<Integer> CONNECTION_CODES = Set.of(
            6,      // HostUnreachable
            7,      // HostNotFound
            91,     // ShutdownInProgress
            189,    // PrimarySteppedDown
            9001,   // SocketException
            10058,  // LegacyNotPrimary
            10107,  // NotWritablePrimary
            11600,  // InterruptedAtShutdown
            11602,  // InterruptedDueToReplStateChange
            13435,  // NotPrimaryNoSecondaryOk
            13436); // NotPrimaryOrSecondary

    /** Server codes for a limit that ran out: maxTimeMS, wtimeout, network timeouts between nodes. */
    private static final Set<Integer> TIMEOUT_CODES = Set.of(
            50,     // MaxTimeMSExpired
            64,     // WriteConcernFailed: waiting for replication timed out (wtimeout)
            89,     // NetworkTimeout
            202,    // NetworkInterfaceExceededTimeLimit
            262);   // ExceededTimeLimit

    private FailureTranslator() {
    }

    /**
     * Wraps {@code e} into a {@link BookingException} of the kind {@link #classify} finds.
     *
     * @param action what was being done, for the message; must not contain user data
     * @param e      the driver's exception, kept as the cause
     * @return the exception to throw
     */
    public static BookingException translate(String action, MongoException e) {
        Failure failure = classify(e);
        return new BookingException(failure,
                action + " failed: " + failure + " (" + e.getClass().getSimpleName() + ", code " + e.getCode() + ")", e);
    }

    /**
     * Classifies a driver exception. Order matters: a timeout is reported as a timeout even when it
     * happened on a socket, and a conflict label wins over the network error it may be attached to.
     *
     * @param e the driver's exception
     * @return what kind of failure it is
     */
    public static Failure classify(MongoException e) {
        if (e instanceof MongoTimeoutException // server selection, pool wait, and (subclass) timeoutMS
                || e instanceof MongoExecutionTimeoutException
                || e instanceof MongoSocketReadTimeoutException // socket read limit: the reply did not come in time
                || e instanceof MongoSocketWriteTimeoutException) {
            return Failure.TIMEOUT;
        }
        if (e.hasErrorLabel(SYSTEM_OVERLOADED_LABEL)) {
            return Failure.OVERLOADED;
        }
        if (e.hasErrorLabel(MongoException.TRANSIENT_TRANSACTION_ERROR_LABEL)) {
            return Failure.TRANSIENT_CONFLICT;
        }
        if (e instanceof MongoSocketException
                || e instanceof MongoNotPrimaryException
                || e instanceof MongoNodeIsRecoveringException
                || e instanceof MongoStalePrimaryException
                || e instanceof MongoConnectionPoolClearedException
                || e instanceof MongoServerUnavailableException) {
            return Failure.CONNECTION;
        }
        if (e instanceof MongoBulkWriteException bulk) {
            return classifyBulk(bulk);
        }
        // MongoCommandException, MongoWriteException and MongoWriteConcernException carry the server code here
        return classifyCode(e.getCode());
    }

    /**
     * Whether every error of a bulk insert is a duplicate key, so that the batch did all it could:
     * each seat is now stored, by this call or an earlier one. A write-concern error is never
     * ignored: the inserts that did happen may not be durable.
     *
     * @param e the driver's exception for an unordered insert
     * @return whether ignoring it is correct
     */
    public static boolean onlyDuplicateKeys(MongoBulkWriteException e) {
        return e.getWriteConcernError() == null
                && !e.getWriteErrors().isEmpty()
                && e.getWriteErrors().stream().allMatch(error -> error.getCategory() == ErrorCategory.DUPLICATE_KEY);
    }

    private static Failure classifyBulk(MongoBulkWriteException e) {
        if (e.getWriteConcernError() != null) {
            return classifyCode(e.getWriteConcernError().getCode());
        }
        // the first error that is not an (expected) duplicate key decides
        return e.getWriteErrors().stream()
                .filter(error -> error.getCategory() != ErrorCategory.DUPLICATE_KEY)
                .findFirst()
                .map(BulkWriteError::getCode)
                .map(FailureTranslator::classifyCode)
                .orElse(Failure.UNEXPECTED);
    }

    private static Failure classifyCode(int code) {
        if (code == WRITE_CONFLICT) {
            return Failure.TRANSIENT_CONFLICT;
        }
        if (TIMEOUT_CODES.contains(code)) {
            return Failure.TIMEOUT;
        }
        if (CONNECTION_CODES.contains(code)) {
            return Failure.CONNECTION;
        }
        return Failure.UNEXPECTED;
    }
}
