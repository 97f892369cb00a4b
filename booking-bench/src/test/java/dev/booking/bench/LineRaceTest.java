package dev.booking.bench;

import dev.booking.bench.line.BrokerKind;
import dev.booking.core.BookingReference;
import dev.booking.core.ClaimResult;
import dev.booking.core.SeatStatus;
import dev.booking.core.ShowId;
import dev.booking.core.UserId;
import dev.booking.queue.line.TicketStatus;
import dev.booking.queue.line.spi.LineTransport;
import dev.booking.queue.line.spi.TicketLedger;
import dev.booking.testsupport.Proxies;
import dev.booking.testsupport.TestServers;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The race through the shared line end to end: on the in-memory line always, on Redis and RabbitMQ
 * when their URLs are set (skipped loudly otherwise, failed under CI), with workers in this JVM and
 * in a worker process started from the harness's class path.
 */
class LineRaceTest {

    @Test
    void theMemoryLineGivesTheSeatToOneUserAndEveryTicketAFinalStatus() {
        String report = raceExpectingZero("--queue", "memory", "--users", "300");

        assertThat(report).contains("through the shared line", "workers      : 4 threads in this JVM",
                "submits      : 300 accepted, 0 answered busy", "outcomes     : 1 booked, 299 refused, 0 failed",
                "winners      : 1\n", "losers       : 299 (told \"sorry, taken\")\n", "errors       : 0\n",
                "integrity    : OK", "tickets      : OK (every winner's ticket says Booked for its owner, the other 299"
                        + " say Refused; all 300 final statuses read again from the other instance are unchanged)",
                "line cleanup : in-memory line race-", "cleanup      : dropped tables")
                .containsPattern("spinner      : [0-9.]+ ms from the first submit to the last ticket seen final")
                .containsPattern("submit       : p50 [0-9.]+ ms, p99 [0-9.]+ ms");
    }

    @Test
    void groupsGoThroughTheLineWholeOrNotAtAll() {
        String report = raceExpectingZero("--queue", "memory", "--users", "200", "--seats", "12", "--group", "3",
                "--workers", "2", "--partitions", "1");

        assertThat(report).containsPattern("groups won   : [1-4] \\([0-9]+ seats booked of 12\\)")
                .contains("errors       : 0\n", "integrity    : OK", "tickets      : OK");
    }

    @Test
    void redisWithAWorkerProcess() {
        String url = urlOf(BrokerKind.REDIS, "REDIS");
        String report = raceExpectingZero("--queue", "redis", "--queue-url", url, "--users", "300", "--workers", "2",
                "--worker-processes", "1");

        assertThat(report).contains("workers      : 2 threads in 1 worker process, ready after",
                "outcomes     : 1 booked, 299 refused, 0 failed", "integrity    : OK", "tickets      : OK",
                "line cleanup : deleted ").containsPattern("worker [0-9 ]+: LineWorkerStats\\[decided=[0-9]+, booked=[0-9]+,"
                        + " .*exit status 0");
    }

    @Test
    void rabbitMqWithAWorkerProcess() {
        String url = urlOf(BrokerKind.RABBITMQ, "RABBITMQ");
        String report = raceExpectingZero("--queue", "rabbitmq", "--queue-url", url, "--users", "300", "--workers",
                "2", "--worker-processes", "1");

        assertThat(report).contains("workers      : 2 threads in 1 worker process, ready after",
                "outcomes     : 1 booked, 299 refused, 0 failed", "integrity    : OK", "tickets      : OK",
                "line cleanup : deleted RabbitMQ queues");
    }

    @Test
    void redisWithWorkersInThisJvmAndSeveralSeats() {
        String url = urlOf(BrokerKind.REDIS, "REDIS");
        String report = raceExpectingZero("--queue", "redis", "--queue-url", url, "--users", "200", "--seats", "5");

        assertThat(report).contains("outcomes     : 5 booked, 195 refused, 0 failed", "winners      : 5\n",
                "integrity    : OK", "tickets      : OK");
    }

    @Test
    void anUnreachableBrokerIsOneLineAndStatusFour() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        int status = Main.run(List.of("--queue", "redis", "--queue-url", "redis://:secret@127.0.0.1:1", "--users", "5"),
                Map.of(), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));

        String said = err.toString(StandardCharsets.UTF_8);
        assertThat(status).as(said).isEqualTo(4);
        assertThat(said).startsWith("race: could not connect to redis at redis://:***@127.0.0.1:1: ")
                .doesNotContain("secret").hasLineCount(1);
    }

    @Test
    void badQueueCommandLinesAreRejected() {
        assertThatIllegalArgumentException().isThrownBy(() -> RaceOptions.parse(List.of("--queue", "kafka")))
                .withMessageContaining("--queue must be redis, rabbitmq or memory");
        assertThatIllegalArgumentException().isThrownBy(() -> RaceOptions.parse(List.of("--workers", "2")))
                .withMessageContaining("need --queue");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> RaceOptions.parse(List.of("--queue", "memory", "--worker-processes", "1")))
                .withMessageContaining("redis or rabbitmq");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> RaceOptions.parse(List.of("--queue", "redis", "--waiting-room")));
        assertThatIllegalArgumentException().isThrownBy(() -> RaceOptions.parse(List.of("--queue", "redis",
                "--workers", "1", "--worker-processes", "2"))).withMessageContaining("at least --worker-processes");
        assertThatIllegalArgumentException().isThrownBy(() -> RaceOptions.parse(List.of("--queue", "redis",
                "--backend", "mongo", "--worker-processes", "1"))).withMessageContaining("SQL store");
        assertThatIllegalArgumentException().isThrownBy(() -> RaceOptions.parse(List.of("--queue", "redis",
                "--workers", "0")));
        RaceOptions options = RaceOptions.parse(List.of("--queue", "RabbitMQ", "--worker-processes", "2"));
        assertThat(options.queue()).isEqualTo(BrokerKind.RABBITMQ);
        assertThat(options.workers()).isEqualTo(4);
        assertThat(options.partitions()).isEqualTo(4);
    }

    @Test
    void aFinalStatusThatReadsDifferentlyFromTheOtherInstanceFailsTheTicketCheck() {
        // the second instance reports every "taken" as "no such seat": a final status that changes
        String report = raceThroughBrokenInstance(status -> status instanceof TicketStatus.Refused
                ? new TicketStatus.Refused(TicketStatus.Reason.NO_SUCH_SEAT) : status);

        assertThat(report).contains("tickets      : FAILED", "final statuses changed after they were seen",
                "was seen Refused[reason=");
    }

    @Test
    void aTicketThatSaysBookedForALoserFailsBothChecks() {
        // the second instance tells every loser it won, in somebody else's name
        String report = raceThroughBrokenInstance(status -> status instanceof TicketStatus.Refused
                ? new TicketStatus.Booked(new ClaimResult.Claimed(BookingReference.of("forged"), UserId.of("intruder"),
                List.of(ShowId.of("elsewhere").seat("S0000000")), SeatStatus.BOOKED, null)) : status);

        assertThat(report).contains("integrity    : FAILED", "tickets      : FAILED",
                "Booked tickets name another user, seat or reference");
    }

    /** Races 60 users on the memory line with instance 1's ledger answering {@code lie(status)}; expects status 1. */
    private static String raceThroughBrokenInstance(UnaryOperator<TicketStatus> lie) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        RaceOptions options = RaceOptions.parse(List.of("--queue", "memory", "--users", "60", "--pool-size", "4"));
        int status;
        try (SqlStore store = SqlStore.open(SqlStore.h2Url("broken-line"), null, null, 4, RaceDemo.TABLE)) {
            status = LineRace.race(store, options, new PrintStream(bytes, true, StandardCharsets.UTF_8),
                    (instance, transport) -> instance == 1 ? lying(transport, lie) : transport);
            store.drop();
        }
        String report = bytes.toString(StandardCharsets.UTF_8);
        assertThat(status).as(report).isEqualTo(1);
        return report;
    }

    private static LineTransport lying(LineTransport transport, UnaryOperator<TicketStatus> lie) {
        TicketLedger ledger = transport.ledger();
        TicketLedger lyingLedger = proxy(TicketLedger.class, (proxy, method, args) -> {
            Object answer = Proxies.forward(ledger, method, args);
            return method.getName().equals("status") ? lie.apply((TicketStatus) answer) : answer;
        });
        return proxy(LineTransport.class, (proxy, method, args) -> method.getName().equals("ledger") ? lyingLedger
                : Proxies.forward(transport, method, args));
    }

    private static <T> T proxy(Class<T> type, InvocationHandler handler) {
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[]{type}, handler));
    }

    /** The broker's test URL, or the suite is skipped (failed under CI). */
    private static String urlOf(BrokerKind kind, String backend) {
        String url = System.getenv(kind.urlVariable());
        if (url == null || url.isBlank()) {
            throw TestServers.unavailable(backend, "set " + kind.urlVariable(), true);
        }
        return url;
    }

    private static String raceExpectingZero(String... args) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        List<String> options = new ArrayList<>(List.of(args));
        options.addAll(List.of("--pool-size", "8"));
        int status = RaceDemo.run(RaceOptions.parse(options), new PrintStream(bytes, true, StandardCharsets.UTF_8));
        String report = bytes.toString(StandardCharsets.UTF_8);
        assertThat(status).as(report).isZero();
        return report;
    }
}
