package dev.booking.queue.rabbitmq;

import dev.booking.queue.rabbitmq.LineUnderFault.Outcome;
import dev.booking.queue.rabbitmq.LineUnderFault.Result;
import dev.booking.queue.rabbitmq.LineUnderFault.Subject;
import dev.booking.testsupport.TestServers;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A private single RabbitMQ node restarted twice in the middle of one run, end to end: submitters
 * submit through the shared line while workers decide; the node is stopped and started as an
 * operator would, requests flow again, then its Erlang VM is killed ({@code kill -9}) and started.
 * The audit finds every confirmed request decided exactly once, in agreement with the seat store,
 * and every submit that failed meanwhile resolved by its repeat with the same key. A line that
 * answers without confirms, on the same node through the same faults, is caught losing requests by
 * the same audit.
 */
class RabbitMqLineRestartTest {

    private static RabbitMqLine open(PrivateRabbitMq node, String name) {
        return RabbitMqLine.builder(node.uri()).name(name).partitions(2).capacity(100_000)
                .confirmTimeout(Duration.ofSeconds(5)).build();
    }

    @Test
    void aNodeStoppedAndKilledMidRunLosesNothingConfirmedWhileALineWithoutConfirmsLosesRequests() {
        // Kept out of CI's gate for now: in one CI run the lines did not recover after the restart
        // (the client's topology recovery met 404 "home node down" on a channel it then gave up),
        // so the run waited for acceptances that never came. The exchange retry added since then
        // is not yet shown to be enough; RabbitMqClusterLineTest and RabbitMqLineFaultTest run in CI.
        if (!"true".equals(System.getenv("BOOKING_TEST_RABBITMQ_RESTART_RUN"))) {
            throw TestServers.unavailable("RABBITMQ_RESTART_RUN",
                    "set BOOKING_TEST_RABBITMQ_RESTART_RUN=true to restart and kill a private node mid-run (about 80 s)", false);
        }
        long t0 = System.nanoTime();
        try (PrivateRabbitMq node = PrivateRabbitMq.prepare(ReservedPorts.nextNode(), null)) {
            node.boot();
            System.err.printf("[ha] rabbitmq single node started in %d ms%n", (System.nanoTime() - t0) / 1_000_000);
            AtomicReference<FireAndForgetLine> lossy = new AtomicReference<>();
            Subject shippedLine = Subject.asShipped(RabbitMqTestBroker.uniqueName("ha-node"));
            Subject lossyLine = new Subject(RabbitMqTestBroker.uniqueName("ha-lossy"), transport -> {
                FireAndForgetLine wrapped = new FireAndForgetLine(transport);
                lossy.set(wrapped);
                return wrapped;
            }, false);
            AtomicLong restartOutage = new AtomicLong();
            AtomicLong killOutage = new AtomicLong();
            Result result = LineUnderFault.run(List.of(shippedLine, lossyLine), name -> open(node, name), progress -> {
                long down = System.nanoTime();
                node.restart();
                restartOutage.set((System.nanoTime() - down) / 1_000_000 + progress.awaitAccepted(1));
                progress.awaitAccepted(30);
                down = System.nanoTime();
                node.kill();
                node.boot();
                killOutage.set((System.nanoTime() - down) / 1_000_000 + progress.awaitAccepted(1));
            });
            Outcome shipped = result.outcomes().get(0);
            Outcome broken = result.outcomes().get(1);
            LineAudit.Report report = shipped.report();
            System.err.printf("[ha] rabbitmq restart: confirmed %d, lost %d, outage %d ms%n", report.confirmed(), report.lost(), restartOutage.get());
            System.err.printf("[ha] rabbitmq kill -9: confirmed %d, lost %d, outage %d ms%n", report.confirmed(), report.lost(), killOutage.get());
            print("stop+start then kill -9", shipped, result.faultMillis());
            System.err.printf("[ha] rabbitmq line without confirms through the same faults: confirmed %d, lost %d (%d failed appends answered Appended)%n",
                    broken.report().confirmed(), broken.report().lost(), lossy.get().swallowed());
            assertThat(report.clean()).as("audit %s", report).isTrue();
            assertThat(broken.report().lost()).as("the audit of the line without confirms: %s", broken.report()).isPositive();
            assertThat(broken.report().clean()).isFalse();
        }
        System.err.printf("[ha] rabbitmq RabbitMqLineRestartTest took %d ms%n", (System.nanoTime() - t0) / 1_000_000);
    }

    static void print(String fault, Outcome outcome, long faultMillis) {
        LineAudit.Report report = outcome.report();
        System.err.printf("[ha] rabbitmq %s: confirmed %d, lost %d, first failure to recovery %d ms (fault %d ms); %d submits, "
                        + "%d failed and repeated with their key (%d had gone in), %d booked = %d seats taken, %d Failed%n",
                fault, report.confirmed(), report.lost(), outcome.outageMillis(), faultMillis, outcome.submits(), outcome.failed(),
                outcome.hadGoneIn(), report.booked(), report.seatsTaken(), outcome.failedStatus());
    }
}
