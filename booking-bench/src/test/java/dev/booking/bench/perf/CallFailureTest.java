package dev.booking.bench.perf;

import dev.booking.core.BookingException;
import org.junit.jupiter.api.Test;

import java.sql.SQLException;
import java.sql.SQLTransactionRollbackException;

import static org.assertj.core.api.Assertions.assertThat;

/** Failures reaching a caller, classified by the SQLState or error code deep in the cause chain. */
class CallFailureTest {

    @Test
    void deadlocksAndSerializationFailuresAreToldApartFromLockTimeoutsAndTheRest() {
        assertThat(CallFailure.of(wrapped(new SQLException("deadlock detected", "40P01")))).isEqualTo(CallFailure.DEADLOCK);
        assertThat(CallFailure.of(wrapped(new SQLTransactionRollbackException("Deadlock found", "40001", 1213))))
                .isEqualTo(CallFailure.DEADLOCK);
        assertThat(CallFailure.of(wrapped(new SQLException("Deadlock found", "HY000", 1213)))).isEqualTo(CallFailure.DEADLOCK);
        assertThat(CallFailure.of(wrapped(new SQLException("could not obtain lock", "55P03")))).isEqualTo(CallFailure.LOCK_TIMEOUT);
        assertThat(CallFailure.of(wrapped(new SQLException("Lock wait timeout", "HY000", 1205))))
                .isEqualTo(CallFailure.LOCK_TIMEOUT);
        assertThat(CallFailure.of(wrapped(new SQLException("connection reset", "08006")))).isEqualTo(CallFailure.OTHER);
        assertThat(CallFailure.of(new IllegalStateException("no SQL at all"))).isEqualTo(CallFailure.OTHER);
        assertThat(CallFailure.of(new BookingException(BookingException.Failure.TRANSIENT_CONFLICT, "conflict")))
                .isEqualTo(CallFailure.DEADLOCK);
    }

    @Test
    void theKeyNamesKindClassAndSqlStateButNotTheMessageAndIsCountedByItsKind() {
        String key = CallFailure.key(wrapped(new SQLException("deadlock detected on seat S0000012", "40P01")));

        assertThat(key).isEqualTo("deadlock/serialization (IllegalStateException, SQLState 40P01)");
        assertThat(CallFailure.DEADLOCK.counts(key)).isTrue();
        assertThat(CallFailure.LOCK_TIMEOUT.counts(key)).isFalse();
        assertThat(CallFailure.OTHER.counts(CallFailure.key(new IllegalStateException("x")))).isTrue();
    }

    private static RuntimeException wrapped(SQLException cause) {
        return new IllegalStateException("booking failed: " + cause.getMessage(), cause);
    }
}
