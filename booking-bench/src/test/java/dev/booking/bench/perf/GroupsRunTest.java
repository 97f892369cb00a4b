package dev.booking.bench.perf;

import dev.booking.bench.Answer;
import dev.booking.bench.Integrity;
import dev.booking.bench.ShowIds;
import dev.booking.bench.SqlStore;
import dev.booking.core.SeatId;
import dev.booking.core.UserId;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The groups workload's run on H2, and on PostgreSQL and MariaDB when their URLs are in the environment
 * (skipped with a line on stderr without them; with {@code CI=true} a missing URL fails): every shape,
 * the library and the FOR UPDATE baseline, checked for what must hold whatever the timing. And the
 * check itself shown to complain about broken group bookings fed through the same run.
 */
class GroupsRunTest {

    private static final Duration RUN_TIME = Duration.ofMillis(300);
    private static final int CLIENTS = 8;
    private static final int SEATS = 400;

    @TempDir
    Path workDir;

    @Test
    void everyShapeKeepsItsPromisesOnH2() {
        everyShapeKeepsItsPromises(BackendKind.H2, SqlStore.h2Url("groups-run-test"));
    }

    @Test
    void everyShapeKeepsItsPromisesOnPostgreSql() {
        everyShapeKeepsItsPromises(BackendKind.POSTGRESQL, urlOrSkip(BenchOptions.POSTGRES_ENV));
    }

    @Test
    void everyShapeKeepsItsPromisesOnMariaDb() {
        everyShapeKeepsItsPromises(BackendKind.MARIADB, urlOrSkip(BenchOptions.MARIADB_ENV));
    }

    private void everyShapeKeepsItsPromises(BackendKind kind, String url) {
        try (SqlStore store = SqlStore.open(url, null, null, CLIENTS, "booking_bench_groups_test")) {
            Session session = session(kind, store);
            for (GroupsRun.Shape shape : GroupsRun.Shape.all()) {
                for (String variant : List.of(Variants.LIBRARY, Variants.FOR_UPDATE)) {
                    RunResult run = GroupsRun.run(session, GroupsPlan.approach(session, variant, shape), shape, CLIENTS,
                            SEATS, RUN_TIME, "test");
                    Integrity integrity = run.integrity();
                    String what = run.variant() + " " + run.errors();

                    assertThat(run.variant()).isEqualTo(shape.variant(variant));
                    assertThat(integrity.brokenPromises()).as(what).isEmpty();
                    assertThat(integrity.won()).as(what + ": groups won").isPositive();
                    assertThat(integrity.takenSeats()).as(what + ": every taken seat is a won group's")
                            .isEqualTo(integrity.won() * shape.size());
                    if (shape.overlapping()) {
                        // neighbouring windows share a seat: of two consecutive calls at most one wins
                        assertThat(integrity.answered() - integrity.won()).as(what + ": losers").isPositive();
                    }
                    if (variant.equals(Variants.LIBRARY)) {
                        assertThat(run.errorCount()).as(what + ": failures reaching the caller").isZero();
                        assertThat(integrity.problems()).as(what).isEmpty();
                    }
                }
            }
        }
    }

    @Test
    void aHalfBookedGroupToldItWonIsCaught() {
        try (SqlStore store = SqlStore.open(SqlStore.h2Url("groups-run-broken"), null, null, CLIENTS,
                "booking_bench_groups_broken")) {
            Session session = session(BackendKind.H2, store);
            // books only the first half of the group, seat by seat, and says the whole group is the caller's
            GroupApproach halfBooked = new GroupApproach(Variants.LIBRARY, (request, picked) -> {
                List<SeatId> seats = request.seats();
                for (SeatId seat : seats.subList(0, seats.size() / 2)) {
                    overwrite(store, seat, request.user(), request.reference().value());
                }
                return Answer.WON;
            }, true);
            GroupsRun.Shape shape = new GroupsRun.Shape(4, false);

            Integrity integrity = GroupsRun.run(session, halfBooked, shape, CLIENTS, SEATS, RUN_TIME, "broken")
                    .integrity();

            assertThat(integrity.unstoredWins()).isPositive().isEqualTo(integrity.won());
            assertThat(integrity.brokenPromises()).anyMatch(p -> p.contains("acknowledged wins not stored"));
        }
    }

    @Test
    void aSeatGivenToTwoOverlappingGroupsIsCaught() {
        try (SqlStore store = SqlStore.open(SqlStore.h2Url("groups-run-overlap"), null, null, CLIENTS,
                "booking_bench_groups_overlap")) {
            Session session = session(BackendKind.H2, store);
            // writes every seat of every group whatever it held, and says every group won
            GroupApproach blind = new GroupApproach(Variants.LIBRARY, (request, picked) -> {
                for (SeatId seat : picked) {
                    overwrite(store, seat, request.user(), request.reference().value());
                }
                return Answer.WON;
            }, true);
            GroupsRun.Shape shape = new GroupsRun.Shape(2, true);

            Integrity integrity = GroupsRun.run(session, blind, shape, CLIENTS, SEATS, RUN_TIME, "broken").integrity();

            assertThat(integrity.doubleBookings()).isPositive();
            assertThat(integrity.brokenPromises()).anyMatch(p -> p.contains("double bookings"));
        }
    }

    @Test
    void theUsersPickingOrderIsAShuffleOfTheGroupThatIsTheSameForTheSameCall() {
        List<SeatId> seats = ShowIds.seats(new ShowIds("test").next(), 4);

        assertThat(GroupsRun.pickingOrder(seats, 7)).containsExactlyInAnyOrderElementsOf(seats)
                .isEqualTo(GroupsRun.pickingOrder(seats, 7));
        assertThat(IntStream.range(0, 50).mapToObj(call -> GroupsRun.pickingOrder(seats, call))
                .distinct().count()).as("different calls pick in different orders").isGreaterThan(1);
    }

    @Test
    void aShapeNamesItsVariantAndIsReadBackFromIt() {
        GroupsRun.Shape shape = new GroupsRun.Shape(4, true);

        assertThat(shape.variant(Variants.FOR_UPDATE)).isEqualTo("for-update 4 overlapping");
        assertThat(GroupsRun.Shape.ofVariant("library 2 distinct")).isEqualTo(new GroupsRun.Shape(2, false));
        assertThat(shape.seatsFor(10)).isEqualTo(13);
        assertThat(new GroupsRun.Shape(4, false).seatsFor(10)).isEqualTo(40);
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new GroupsRun.Shape(1, true)).withMessageContaining("size");
    }

    private Session session(BackendKind kind, SqlStore store) {
        return new Session(kind, store, Profile.quick(), new ShowIds("groups-test"), Optional.empty(),
                workDir);
    }

    private static void overwrite(SqlStore store, SeatId seat, UserId user, String reference) {
        try (Connection connection = store.pool().getConnection();
             PreparedStatement write = connection.prepareStatement(store.statements().overwrite())) {
            write.setString(1, user.value());
            write.setString(2, reference);
            write.setString(3, seat.show().value());
            write.setString(4, seat.number());
            write.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String urlOrSkip(String variable) {
        String url = System.getenv(variable);
        if (url == null || url.isBlank()) {
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                throw new AssertionError("CI=true but " + variable + " is not set");
            }
            System.err.println("GroupsRunTest: skipped, " + variable + " is not set");
            Assumptions.abort(variable + " is not set");
        }
        return url;
    }
}
