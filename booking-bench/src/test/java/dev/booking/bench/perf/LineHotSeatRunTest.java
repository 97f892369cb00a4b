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

/** line-hot-seat at a small size on the in-memory line and H2: one winner, every user told, nothing else. */
class LineHotSeatRunTest {

    @TempDir
    Path workDir;
    private SqlStore store;

    @BeforeEach
    void open() {
        store = LineSessions.store("line-hot-seat");
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void everyUserOfEveryRoundSeesAFinalTicketAndOneWins() {
        RunResult run = LineHotSeatRun.run(LineSessions.session(store, workDir), BrokerKind.MEMORY, 200, 2, "t");

        assertThat(run.workload()).isEqualTo(Workload.LINE_HOT_SEAT);
        assertThat(run.variant()).isEqualTo("line-memory");
        assertThat(run.errorCount()).as("%s", run.errors()).isZero();
        assertThat(run.roundMicros().getTotalCount()).isEqualTo(2);
        Integrity integrity = run.integrity();
        assertThat(integrity.problems()).isEmpty();
        assertThat(integrity.callers()).isEqualTo(400);
        assertThat(integrity.answered()).isEqualTo(400);
        assertThat(integrity.won()).isEqualTo(2);
        assertThat(integrity.seatsWithOneWinner()).isEqualTo(2);
    }
}
