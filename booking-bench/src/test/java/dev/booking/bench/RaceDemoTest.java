package dev.booking.bench;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/** The race mode end to end on its embedded stores, and its command line. */
class RaceDemoTest {

    @ParameterizedTest
    @ValueSource(strings = {"--seats 1", "--seats 10 --waiting-room", "--backend mongo --seats 3"})
    void theDemoReportsOneWinnerPerSeatAndExitsZero(String extra) {
        List<String> args = new ArrayList<>(List.of("--users", "300", "--pool-size", "4"));
        args.addAll(List.of(extra.split(" ")));
        int seats = Integer.parseInt(args.get(args.indexOf("--seats") + 1));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        int status = RaceDemo.run(RaceOptions.parse(args), new PrintStream(bytes, true, StandardCharsets.UTF_8));

        String report = bytes.toString(StandardCharsets.UTF_8);
        assertThat(status).as(report).isZero();
        assertThat(report).contains("winners      : " + seats + "\n", "losers       : " + (300 - seats) + " ",
                "errors       : 0", "integrity    : OK (every seat has at most one owner; all " + seats
                        + " wins are stored; " + seats + " seats booked)",
                "latency      : p50 ", "from the gate opening to each answer",
                "in the call  : p50 ", "from each caller's thread starting its call to the answer",
                "cleanup      : dropped " + (extra.contains("mongo") ? "collection " + RaceDemo.TABLE
                        : "tables " + RaceDemo.TABLE + "_reference, " + RaceDemo.TABLE) + "\n");
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "mongo"})
    void withNotificationsTheWinnerAloneGetsOneBookedMessage(String backend) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        int status = RaceDemo.run(RaceOptions.parse(List.of("--users", "200", "--pool-size", "4", "--notify",
                "--backend", backend)), new PrintStream(bytes, true, StandardCharsets.UTF_8));

        String report = bytes.toString(StandardCharsets.UTF_8);
        assertThat(status).as(report).isZero();
        assertThat(report).contains("notify       : outbox relay", "winners      : 1\n",
                "messages     : 1 to racers (1 booked)\n", "mail time    : ",
                "relay        : 1 delivered, 0 retried, 0 dead",
                "mail check   : OK (1 messages == 1 expected, one per racer owed one, each of its kind;"
                        + " no Message-ID twice)",
                backend.equals("mongo") ? "cleanup      : dropped collection " + RaceDemo.TABLE + " and collection "
                        + RaceDemo.TABLE + "_outbox\n"
                        : "cleanup      : dropped tables " + RaceDemo.TABLE + "_outbox, " + RaceDemo.TABLE
                        + "_reference, " + RaceDemo.TABLE + "\n");
    }

    @Test
    void withNotificationsThroughTheLineEveryTicketGetsOneMessageOfItsKind() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        int status = RaceDemo.run(RaceOptions.parse(List.of("--users", "100", "--pool-size", "4", "--notify",
                "--queue", "memory")), new PrintStream(bytes, true, StandardCharsets.UTF_8));

        String report = bytes.toString(StandardCharsets.UTF_8);
        assertThat(status).as(report).isZero();
        assertThat(report).contains("winners      : 1\n",
                "messages     : 100 to racers (1 booked, 99 sorry, taken), plus 400 for the warm-up show\n",
                "relay        : 500 delivered, 0 retried, 0 dead",
                "mail check   : OK (100 messages == 100 expected");
    }

    @Test
    void theDemoDropsItsTableUnlessAskedToKeepIt() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

        assertThat(RaceDemo.run(RaceOptions.parse(List.of("--users", "20", "--keep")), out)).isZero();
        assertThat(raceTableExists()).isTrue();
        assertThat(bytes.toString(StandardCharsets.UTF_8))
                .contains("cleanup      : kept table " + RaceDemo.TABLE + " (--keep), in memory: it ends with this process");

        assertThat(RaceDemo.run(RaceOptions.parse(List.of("--users", "20")), out)).isZero();
        assertThat(raceTableExists()).isFalse();
    }

    @Test
    void droppingAlsoDropsTheSideTableBesideTheSeatTable() throws Exception {
        String url = SqlStore.h2Url("drop-test");
        try (SqlStore store = SqlStore.open(url, null, null, 2, "drop_test");
             Connection connection = DriverManager.getConnection(url);
             Statement statement = connection.createStatement()) {
            // the library may create it itself; if not, it stands for the side table it may add
            statement.execute("CREATE TABLE IF NOT EXISTS \"drop_test_reference\" (reference VARCHAR(128))");

            assertThat(store.drop()).isEqualTo("dropped tables drop_test_reference, drop_test");
            assertThat(store.drop()).isEqualTo("table drop_test was already gone");
        }
    }

    private static boolean raceTableExists() throws SQLException {
        try (Connection connection = DriverManager.getConnection(SqlStore.h2Url("race-demo"));
             ResultSet tables = connection.getMetaData().getTables(null, null, RaceDemo.TABLE, null)) {
            return tables.next();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"--backend h2", "--backend mongo"})
    void theGroupRaceKeepsEveryGroupWholeAndExitsZero(String backend) {
        List<String> args = new ArrayList<>(List.of("--users", "300", "--pool-size", "4", "--seats", "20", "--group", "3"));
        args.addAll(List.of(backend.split(" ")));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        int status = RaceDemo.run(RaceOptions.parse(args), new PrintStream(bytes, true, StandardCharsets.UTF_8));

        String report = bytes.toString(StandardCharsets.UTF_8);
        assertThat(status).as(report).isZero();
        assertThat(report).containsPattern("groups won   : [1-6] \\([0-9]+ seats booked of 20\\)")
                .contains("errors       : 0", "integrity    : OK (no seat in two groups");
    }

    @Test
    void badCommandLinesAreRejected() {
        assertThatIllegalArgumentException().isThrownBy(() -> RaceOptions.parse(List.of("--users", "0")));
        assertThatIllegalArgumentException().isThrownBy(() -> RaceOptions.parse(List.of("--users", "many")))
                .withMessageContaining("--users needs a whole number");
        assertThatIllegalArgumentException().isThrownBy(() -> RaceOptions.parse(List.of("--backend", "oracle")));
        assertThatIllegalArgumentException().isThrownBy(() -> RaceOptions.parse(List.of("--frobnicate")));
        assertThatIllegalArgumentException().isThrownBy(() -> RaceOptions.parse(List.of("--backend", "jdbc")))
                .withMessageContaining("--jdbc-url");
        assertThat(RaceOptions.parse(List.of("--help"))).isNull();
        assertThat(RaceOptions.parse(List.of("--jdbc-url", "jdbc:h2:mem:x")).backend()).isEqualTo("jdbc");
        assertThat(RaceOptions.parse(List.of("--mongo-uri", "mongodb://x/")).backend()).isEqualTo("mongo");
        assertThatIllegalArgumentException().isThrownBy(() -> RaceOptions.parse(List.of("--seats", "2", "--group", "3")));
        assertThatIllegalArgumentException()
                .isThrownBy(() -> RaceOptions.parse(List.of("--seats", "9", "--group", "3", "--waiting-room")));
        assertThat(RaceOptions.parse(List.of("--seats", "20", "--group", "4")).group()).isEqualTo(4);
        assertThat(RaceOptions.parse(List.of("--notify")).notices()).isTrue();
    }
}
