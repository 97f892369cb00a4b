package dev.booking.bench.jmh;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.TimeValue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The measurements that are not JMH's, shown to tell a lean waiting request from a fat one; the
 * suite's failure report; and one JMH benchmark run for real, briefly, in this JVM.
 */
class MeasurementsTest {

    @Test
    void theFootprintMeasurementNoticesAFatWaitingRequest() {
        List<byte[]> fat = new ArrayList<>();
        WaitingFootprint.Measurement fatOnes = WaitingFootprint.measure("fat", fat, 2_000,
                i -> fat.add(new byte[2 * WaitingFootprint.TARGET_BYTES]), () -> { });
        assertThat(fatOnes.bytesPerRequest()).isGreaterThanOrEqualTo(2 * WaitingFootprint.TARGET_BYTES);
        assertThat(fatOnes.withinTarget()).isFalse();

        List<long[]> lean = new ArrayList<>();
        WaitingFootprint.Measurement leanOnes = WaitingFootprint.measure("lean", lean, 2_000,
                i -> lean.add(new long[8]), () -> { });
        assertThat(leanOnes.bytesPerRequest()).isBetween(64.0, 512.0);
        assertThat(leanOnes.withinTarget()).isTrue();
    }

    @Test
    void aWaitingRoomHoldsItsWaitingRequestsInLessThanTheTarget() {
        for (boolean oneSeat : List.of(false, true)) {
            // the median of three: other tests' threads in this JVM may allocate or free while it measures
            WaitingFootprint.Measurement room = WaitingFootprint.median(List.of(WaitingFootprint.waitingRoom(2_000,
                    oneSeat), WaitingFootprint.waitingRoom(2_000, oneSeat), WaitingFootprint.waitingRoom(2_000, oneSeat)));
            // a request holds at least its future, its ids and its entries: far more than nothing
            assertThat(room.bytesPerRequest()).as(room.what()).isBetween(100.0, (double) WaitingFootprint.TARGET_BYTES);
            assertThat(room.withinTarget()).isTrue();
        }
    }

    @Test
    void theCheckersReachIsFoundBetweenTheFirstSizeAndTheCap() {
        CheckerReach.Reach reach = CheckerReach.of(10, Duration.ofSeconds(2), 4_000);
        assertThat(reach.largestWithin()).isBetween(1_000, 4_000);
        assertThat(reach.smallestBeyond() == 0 || reach.smallestBeyond() > reach.largestWithin()).isTrue();
        assertThat(reach.operationsPerSecond()).isPositive();
    }

    @Test
    void everyBenchmarkWithoutAResultIsReportedAsFailed() {
        List<String> missing = JmhSuite.missing(List.of());
        assertThat(missing).anyMatch(line -> line.startsWith("RepositoryBenchmarks.bookFreeSeats: 1 of 1"))
                .anyMatch(line -> line.startsWith("WaitingRoomBenchmarks.roomLoser: 1 of 1"))
                .anyMatch(line -> line.startsWith("CheckerBenchmarks.check: 6 of 6"));
        String markdown = JmhReport.render(new JmhSuite.Outcome(true, List.of(), List.of(
                new WaitingFootprint.Measurement("fat", 10, 0, 20_480)), List.of(), missing));
        assertThat(markdown).contains("| failed |").contains("| 2048 | MISSED |").contains("Failed:");
    }

    @Test
    void oneBenchmarkRunsUnderJmh(@TempDir Path dir) throws Exception {
        // in this JVM (no fork) and briefly: the generated code and META-INF/BenchmarkList are there
        Collection<RunResult> results = new Runner(JmhSuite.options(true, dir.resolve(JmhSuite.JSON))
                .include("^" + RepositoryBenchmarks.class.getName() + "\\.findSeatFloor$")
                .forks(0).measurementTime(TimeValue.milliseconds(50)).build()).run();
        assertThat(results).hasSize(1);
        assertThat(JmhReport.nanos(results.iterator().next())).isPositive();
        assertThat(dir.resolve(JmhSuite.JSON)).isNotEmptyFile();
    }
}
