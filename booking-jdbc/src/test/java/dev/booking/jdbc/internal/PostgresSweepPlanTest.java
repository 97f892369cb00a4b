package dev.booking.jdbc.internal;

import com.zaxxer.hikari.HikariDataSource;
import dev.booking.jdbc.JdbcSeatRepository;
import dev.booking.testsupport.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Why PostgreSQL's sweep frees its seats through arrays joined on the primary key: on a table just
 * filled and never analyzed, the planner's guesses (a show has a few hundred seats, a few dozen holds
 * have lapsed) made the plain {@code show_id = ? AND seat_no IN (...)} UPDATE read the whole show from
 * the primary key and every lapsed hold from the hold index, and compare each with the bound numbers;
 * at a million seats that took 3.6 s a statement. Checked on PostgreSQL's own plans, custom (the
 * driver's first executions) and generic (once it has prepared the statement on the server): the
 * array form finds each seat by the whole key, the plain form does not, which shows the check can fail.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PostgresSweepPlanTest {

    private static final String TABLE = "sweep_plan_seat";
    private static final int SEATS = 100_000;
    /** One chunk of the plain form, as the sweep sends it. */
    private static final int CHUNK = SeatStore.CHUNK;

    private HikariDataSource pool;
    private SeatStatements statements;

    @BeforeAll
    void fillANeverAnalyzedShowWithLapsedHolds() throws SQLException {
        pool = TestDatabase.POSTGRESQL.pool(1);
        dropTables();
        JdbcSeatRepository.builder(pool).table(TABLE).build().createSchema();
        statements = new PostgresSql().statements(new TableName(TABLE));
        try (Connection connection = pool.getConnection(); Statement statement = connection.createStatement()) {
            // no autovacuum, so no ANALYZE: the statistics stay those of the empty table, as in a fresh show
            statement.execute("ALTER TABLE " + TABLE + " SET (autovacuum_enabled = false)");
            statement.execute("INSERT INTO " + TABLE + " (show_id, seat_no, status, version, updated_at)"
                    + " SELECT 'plan-show', 'S' || lpad(i::text, 6, '0'), 'EMPTY', 0, now()"
                    + " FROM generate_series(1, " + SEATS + ") i");
            statement.execute("UPDATE " + TABLE + " SET status = 'HELD', owner_id = 'u', reference = 'r' || seat_no,"
                    + " hold_until = now() - INTERVAL '1 minute', version = 1 WHERE seat_no LIKE '%0'");
        }
    }

    @AfterAll
    void dropTheTables() throws SQLException {
        if (pool != null) {
            dropTables();
            pool.close();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"force_custom_plan", "force_generic_plan"})
    void theArrayFormFindsEachSeatByTheWholeKeyWhereTheListFormDoesNot(String planCacheMode) throws SQLException {
        List<String> numbers = IntStream.range(0, CHUNK).mapToObj(i -> "'S" + String.format("%06d", i * 10 + 10) + "'")
                .toList();
        String shows = "ARRAY[" + String.join(", ", Collections.nCopies(CHUNK, "'plan-show'")) + "]";
        String seats = "ARRAY[" + String.join(", ", numbers) + "]";

        List<String> arrayPlan = plan(planCacheMode, statements.expireByArrays(), "text[], text[]",
                shows + ", " + seats);
        List<String> listPlan = plan(planCacheMode, SeatStatements.forSeats(statements.expire(), CHUNK),
                String.join(", ", Collections.nCopies(CHUNK + 1, "text")),
                "'plan-show', " + String.join(", ", numbers));

        assertThat(findsSeatsByWholeKey(arrayPlan)).as("array form, %s:%n%s", planCacheMode, text(arrayPlan))
                .isTrue();
        assertThat(findsSeatsByWholeKey(listPlan)).as("list form, %s:%n%s", planCacheMode, text(listPlan))
                .isFalse();
    }

    /**
     * Whether the plan reaches the seat table only through the primary key, with both its columns as
     * the index condition, and never through the hold index.
     */
    private static boolean findsSeatsByWholeKey(List<String> plan) {
        String all = text(plan);
        boolean wholeKey = plan.stream().anyMatch(line -> line.contains("Index Cond")
                && line.contains("show_id") && line.contains("seat_no"));
        return wholeKey && !all.contains(TABLE + "_hold_until_ix") && !all.contains("Seq Scan on " + TABLE);
    }

    /** The plan of {@code sql} prepared with {@code types} and run with {@code values}, in the given mode. */
    private List<String> plan(String planCacheMode, String sql, String types, String values) throws SQLException {
        String numbered = numberPlaceholders(sql);
        List<String> lines = new ArrayList<>();
        try (Connection connection = pool.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("SET plan_cache_mode = " + planCacheMode);
            statement.execute("PREPARE sweep_plan (" + types + ") AS " + numbered);
            try (ResultSet rs = statement.executeQuery("EXPLAIN EXECUTE sweep_plan (" + values + ")")) {
                while (rs.next()) {
                    lines.add(rs.getString(1));
                }
            } finally {
                statement.execute("DEALLOCATE sweep_plan");
                statement.execute("RESET plan_cache_mode");
            }
        }
        return lines;
    }

    /** {@code sql} with its {@code ?} placeholders as {@code $1, $2, ...} (no statement here quotes a {@code ?}). */
    private static String numberPlaceholders(String sql) {
        StringBuilder numbered = new StringBuilder();
        int next = 1;
        for (char c : sql.toCharArray()) {
            if (c == '?') {
                numbered.append('$').append(next++);
            } else {
                numbered.append(c);
            }
        }
        return numbered.toString();
    }

    private static String text(List<String> plan) {
        return plan.stream().collect(Collectors.joining(System.lineSeparator()));
    }

    private void dropTables() throws SQLException {
        try (Connection connection = pool.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("DROP TABLE IF EXISTS " + TABLE);
            statement.execute("DROP TABLE IF EXISTS " + TABLE + "_reference");
        }
    }
}
