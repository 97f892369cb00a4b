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

/** line-submit at quick size on the in-memory line and H2: every submit becomes a final ticket, one winner per show. */
class LineSubmitRunTest {

    @TempDir
    Path workDir;
    private SqlStore store;

    @BeforeEach
    void open() {
        store = LineSessions.store("line-submit");
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void everySubmitIsDecidedAndEachShowHasOneWinner() throws Exception {
        RunResult run = LineSubmitRun.run(LineSessions.session(store, workDir), BrokerKind.MEMORY, 8,
                Duration.ofMillis(200), "t");

        assertThat(run.workload()).isEqualTo(Workload.LINE_SUBMIT);
        assertThat(run.variant()).isEqualTo("line-memory");
        assertThat(run.concurrency()).isEqualTo(8);
        assertThat(run.errorCount()).as("%s", run.errors()).isZero();
        assertThat(run.operations()).isPositive();
        assertThat(run.latencyMicros().getTotalCount()).isEqualTo(run.operations());
        Integrity integrity = run.integrity();
        assertThat(integrity.problems()).isEmpty();
        assertThat(integrity.callers()).isEqualTo(run.operations());
        assertThat(integrity.unanswered()).isZero();
        assertThat(integrity.seats()).isEqualTo(Math.min(LineSubmitRun.SHOWS, (int) run.operations()));
        assertThat(integrity.won()).isEqualTo(integrity.seats());
    }
}
