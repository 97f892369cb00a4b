package dev.booking.jdbc;


/**
 * The lifecycle rules of the kit on PostgreSQL with every transaction at SERIALIZABLE, where a
 * transaction that read a row another one changed is aborted with SQLState 40001 instead of
 * waiting: the lifecycle's transactions run again by themselves, so no such abort reaches a caller,
 * and the single-statement calls ride it out with the retry policy.
 */
class PostgresSerializableLifecycleCompatibilityTest extends JdbcLifecycleCompatibilitySuite {

    @Override
    TestDatabase database() {
        return TestDatabase.POSTGRESQL;
    }

    @Override
    JdbcSeatRepository.Builder configure(JdbcSeatRepository.Builder builder) {
        return builder.isolation(Isolation.SERIALIZABLE)
                .retry(PostgresSerializableCompatibilityTest.SERIALIZATION_RETRY);
    }
}
