package dev.booking.bench.perf;

import dev.booking.bench.Integrity;
import dev.booking.bench.SqlStore;
import dev.booking.bench.line.BrokerKind;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** line-decide at quick size on the in-memory line and H2: every ticket settled, integrity only, no timings. */
class LineDecideRunTest {

    @TempDir
    Path workDir;
    private SqlStore store;

    @BeforeEach
    void open() {
        store = LineSessions.store("line-decide");
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void winnersAreEveryRequestBookedOnItsOwnSeat() throws Exception {
        RunResult run = LineDecideRun.run(LineSessions.session(store, workDir), BrokerKind.MEMORY, true, 300, "t");

        assertThat(run.workload()).isEqualTo(Workload.LINE_DECIDE);
        assertThat(run.variant()).isEqualTo("line-memory winners");
        assertThat(run.operations()).isEqualTo(300);
        assertThat(run.errorCount()).isZero();
        Integrity integrity = run.integrity();
        assertThat(integrity.problems()).isEmpty();
        assertThat(integrity.won()).isEqualTo(300);
        assertThat(integrity.seatsWithOneWinner()).isEqualTo(300);
        assertThat(integrity.unanswered()).isZero();
    }

    @Test
    void refusalsAreEveryRequestForTheTakenSeatRefused() throws Exception {
        RunResult run = LineDecideRun.run(LineSessions.session(store, workDir), BrokerKind.MEMORY, false, 300, "t");

        assertThat(run.variant()).isEqualTo("line-memory refusals");
        Integrity integrity = run.integrity();
        assertThat(integrity.problems()).isEmpty();
        assertThat(integrity.callers()).isEqualTo(301); // the 300 requests and the direct booking before them
        assertThat(integrity.won()).isEqualTo(1);
        assertThat(integrity.seatsWithOneWinner()).isEqualTo(1);
        assertThat(integrity.unanswered()).isZero();
        assertThat(run.errorCount()).isZero();
    }
}
