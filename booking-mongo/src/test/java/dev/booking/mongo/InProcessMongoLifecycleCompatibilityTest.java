package dev.booking.mongo;

import dev.booking.core.BookingListener;
import dev.booking.core.SeatRepository;
import dev.booking.mongo.testsupport.InProcessMongo;
import dev.booking.tck.SeatLifecycleContract;
import dev.booking.tck.StoreFaults;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.Optional;

/**
 * The lifecycle rules of the compatibility kit against {@link MongoSeatRepository} on the in-process
 * mongo-java-server, over TCP through a real driver client, with the system clock. Every rule gets a
 * repository of its own, wired to the rule's listener, on one shared collection, through a
 * {@link FaultInjectingMongoClient}: the kit's fault hook for rules 25 and 26.
 *
 * <p>Rule 26 loses acknowledgements: a reference reservation whose acknowledgement was lost looks,
 * to the repeated call, like the reservation of a claimer that died, which the repository waits
 * out for its pending hold before taking it over. With the default 30 s hold that is about 30 s of
 * idle waiting per round, 150 s per run; rule 26 gets a pending hold of 2 s, which takes the same
 * path (wait, then take over) in a fifteenth of the time. Every other rule keeps the default, so
 * that a claim slowed by a loaded machine never meets the known limit of a stall past the hold.
 */
class InProcessMongoLifecycleCompatibilityTest extends SeatLifecycleContract {

    private static final String RULE_26 = "rule26_lostAcknowledgementsAreResolvedByRepeatingTheCall";
    private static final Duration RULE_26_PENDING_HOLD = Duration.ofSeconds(2);

    private static InProcessMongo mongo;
    private static FaultInjectingMongoClient faults;
    private static volatile String runningRule;

    /** Names the running rule before the kit's own set-up asks for its repository. */
    @RegisterExtension
    static final BeforeEachCallback RULE_NAME = context -> runningRule = context.getRequiredTestMethod().getName();

    @BeforeAll
    static void startServer() {
        mongo = InProcessMongo.start();
        MongoSeatRepository.builder(mongo.client()).database("booking_tck").collection("lifecycle").build()
                .createIndexes();
        faults = new FaultInjectingMongoClient(mongo.client());
    }

    @AfterAll
    static void stopServer() {
        if (mongo != null) {
            mongo.close();
        }
    }

    @Override
    protected SeatRepository repository(BookingListener listener) {
        MongoSeatRepository.Builder builder = MongoSeatRepository.builder(faults.client()).database("booking_tck")
                .collection("lifecycle").listener(listener);
        if (RULE_26.equals(runningRule)) {
            builder = builder.pendingHold(RULE_26_PENDING_HOLD);
        }
        return builder.build();
    }

    @Override
    protected Optional<StoreFaults> faults() {
        return Optional.of(faults.hook());
    }
}
