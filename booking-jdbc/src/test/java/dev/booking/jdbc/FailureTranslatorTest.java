package dev.booking.jdbc;

import dev.booking.core.BookingException.Failure;
import dev.booking.core.BookingException;
import dev.booking.core.SeatId;
import dev.booking.core.UserId;
import dev.booking.jdbc.internal.FailureTranslator;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.sql.SQLException;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Errors are classified by SQLState and vendor code, and always carry the driver's exception. */
class FailureTranslatorTest {

    @ParameterizedTest(name = "SQLState {0}, code {1} is {2}")
    @CsvSource({
            "40001, 0, TRANSIENT_CONFLICT",     // serialization failure (PostgreSQL, H2, MySQL deadlock)
            "40P01, 0, TRANSIENT_CONFLICT",     // PostgreSQL deadlock
            "40001, 1213, TRANSIENT_CONFLICT",  // MySQL/MariaDB deadlock
            "HY000, 1205, TRANSIENT_CONFLICT",  // MySQL/MariaDB lock wait timeout
            "55P03, 0, TRANSIENT_CONFLICT",     // PostgreSQL lock_not_available (lock_timeout)
            "08006, 0, CONNECTION",             // connection failure
            "08001, 0, CONNECTION",             // cannot connect
            "57P01, 0, CONNECTION",             // PostgreSQL admin shutdown / pg_terminate_backend
            "57P02, 0, CONNECTION",             // PostgreSQL crash shutdown (another backend died)
            "57P03, 0, CONNECTION",             // PostgreSQL cannot connect now (starting, in recovery)
            "08003, 0, CONNECTION",             // pgjdbc: this connection has been closed
            "25006, 0, CONNECTION",             // PostgreSQL read-only transaction: connected to a standby
            "70100, 1927, CONNECTION",          // MariaDB connection killed
            "08S01, 1047, CONNECTION",          // Galera: WSREP has not yet prepared node for application use
            "HY000, 1180, CONNECTION",          // Galera: the node lost the primary component during COMMIT
            "57014, 0, TIMEOUT",                // PostgreSQL statement_timeout
            "70100, 1969, TIMEOUT",             // MariaDB max_statement_time
            "42P01, 0, UNEXPECTED",             // undefined table
            "42000, 1142, UNEXPECTED",          // MySQL command denied
    })
    void classifiesBySqlStateAndVendorCode(String state, int code, Failure expected) {
        assertThat(FailureTranslator.classify(new SQLException("x", state, code))).isEqualTo(expected);
    }

    @ParameterizedTest(name = "SQLState {0}, code {1}: aborted for a conflict, run again inside: {2}")
    @CsvSource({
            "40001, 0, true",      // serialization failure; H2's deadlock
            "40P01, 0, true",      // PostgreSQL deadlock
            "40001, 1213, true",   // MySQL/MariaDB deadlock
            "HY000, 1205, false",  // lock wait timeout: the retry policy's business
            "55P03, 0, false",     // PostgreSQL lock_timeout: likewise
            "08006, 0, false",     // connection failure: the outcome may be unknown
    })
    void onlyDeadlocksAndSerializationFailuresAreRunAgainInsideLifecycleTransactions(String state, int code,
                                                                                      boolean expected) {
        RuntimeException wrapped = new IllegalStateException("in a callback", new SQLException("x", state, code));
        assertThat(FailureTranslator.abortedForConflict(wrapped)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "SQLState {0}, code {1}: a deadlock victim, run again by every operation: {2}")
    @CsvSource({
            "40P01, 0, true",      // PostgreSQL deadlock
            "40001, 1213, true",   // MySQL/MariaDB deadlock
            "40001, 40001, true",  // H2 deadlock
            "40001, 0, false",     // PostgreSQL serialization failure: how SERIALIZABLE tells a race's loser
            "HY000, 1205, false",  // lock wait timeout: the retry policy's business
            "HYT00, 50200, false", // H2 lock timeout: likewise
    })
    void deadlockVictimsAreToldApartFromSerializationFailures(String state, int code, boolean expected) {
        RuntimeException wrapped = new IllegalStateException("in a callback", new SQLException("x", state, code));
        assertThat(FailureTranslator.deadlockVictim(wrapped)).isEqualTo(expected);
    }

    /** Galera's certification failure, as MariaDB Connector/J reports it, is a deadlock victim: run again. */
    @Test
    void aGaleraCertificationFailureIsADeadlockVictimThatEveryOperationRunsAgain() {
        SQLException certification = new SQLException(
                "Deadlock found when trying to get lock; try restarting transaction", "40001", 1213);
        RuntimeException wrapped = new IllegalStateException("in a callback", certification);
        assertThat(FailureTranslator.classify(certification)).isEqualTo(Failure.TRANSIENT_CONFLICT);
        assertThat(FailureTranslator.deadlockVictim(wrapped)).isTrue();
        assertThat(FailureTranslator.abortedForConflict(wrapped)).isTrue();
    }

    /** The WSREP errors a node outside the primary component answers are never UNEXPECTED. */
    @ParameterizedTest(name = "{0}, code {1}: transient, never UNEXPECTED")
    @CsvSource(delimiter = '|', value = {
            "08S01 | 1047 | WSREP has not yet prepared node for application use",
            "HY000 | 1180 | Got error 6 \"No such device or address\" during COMMIT",
            "40001 | 1213 | WSREP detected deadlock/conflict and aborted the transaction. Try restarting the transaction",
    })
    void wsrepErrorsAreTransient(String state, int code, String message) {
        SQLException wsrep = new SQLException(message, state, code);
        BookingException translated = FailureTranslator.translate("tryBook", new IllegalStateException(wsrep));
        assertThat(translated.failure()).isNotEqualTo(Failure.UNEXPECTED);
        assertThat(translated.failure().isTransient()).isTrue();
        assertThat(translated).hasMessageContaining(String.valueOf(code));
    }

    @Test
    void aMissingTableIsUnexpectedWithTheCauseAttached() {
        JdbcSeatRepository seats = JdbcSeatRepository.builder(DialectDetectionTest.h2()).table("never_created").build();
        assertThatThrownBy(() -> seats.tryBook(SeatId.of("s", "1"), UserId.of("u")))
                .isInstanceOfSatisfying(BookingException.class,
                        e -> assertThat(e.failure()).isEqualTo(Failure.UNEXPECTED))
                .hasMessageContaining("tryBook")
                .hasRootCauseInstanceOf(SQLException.class);
    }

    @Test
    void anUnreachableDatabaseIsAConnectionFailure() {
        JdbcDataSource unreachable = new JdbcDataSource();
        unreachable.setURL("jdbc:h2:tcp://127.0.0.1:1/nothing-listens-here");
        JdbcSeatRepository seats = JdbcSeatRepository.builder(unreachable).dialect(Dialect.H2).build();
        assertThatThrownBy(() -> seats.addSeats(SeatId.of("s", "1").show(), List.of("1")))
                .isInstanceOfSatisfying(BookingException.class,
                        e -> assertThat(e.failure()).isEqualTo(Failure.CONNECTION))
                .hasCauseInstanceOf(RuntimeException.class);
    }
}
