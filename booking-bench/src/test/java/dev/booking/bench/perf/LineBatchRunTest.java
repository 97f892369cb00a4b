package dev.booking.bench.perf;

import dev.booking.bench.Integrity;
import dev.booking.bench.SqlStore;
import dev.booking.bench.line.BrokerKind;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** line-batch at quick size on the in-memory line and H2: every submitted seat booked for its submitter. */
class LineBatchRunTest {

    @TempDir
    Path workDir;
    private SqlStore store;

    @BeforeEach
    void open() {
        store = LineSessions.store("line-batch");
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void everySubmittedSeatIsBookedByTheClientThatSubmittedIt() throws Exception {
        RunResult run = LineBatchRun.run(LineSessions.session(store, workDir), BrokerKind.MEMORY, 32, 2_000,
                Duration.ofMillis(200), "t");

        assertThat(run.workload()).isEqualTo(Workload.LINE_BATCH);
        assertThat(run.variant()).isEqualTo("line-memory");
        assertThat(run.errorCount()).as("%s", run.errors()).isZero();
        Integrity integrity = run.integrity();
        assertThat(integrity.problems()).isEmpty();
        assertThat(integrity.callers()).isPositive();
        assertThat(run.operations()).as("bookings").isEqualTo(integrity.callers());
        assertThat(integrity.won()).isEqualTo(integrity.callers());
        assertThat(integrity.seatsWithOneWinner()).isEqualTo(integrity.seats());
        assertThat(integrity.unanswered()).isZero();
    }

    @Test
    void theDirectRunsItIsPairedWithAreFiledUnderTheSameWorkload() {
        Session session = LineSessions.session(store, workDir);
        RunResult direct = DistinctSeatsRun.run(Workload.LINE_BATCH, session, session.approach(Variants.LIBRARY), 4,
                500, Duration.ofMillis(100), "t");

        assertThat(direct.workload()).isEqualTo(Workload.LINE_BATCH);
        assertThat(direct.integrity().problems()).isEmpty();
    }
}
