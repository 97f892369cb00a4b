package dev.booking.micrometer;

import dev.booking.core.spi.Arguments;
import dev.booking.queue.line.LineWorkerStats;
import dev.booking.queue.line.LineWorkers;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;

import java.util.function.ToDoubleFunction;

/**
 * Publishes {@link LineWorkers}' {@link LineWorkers#stats() counters}, tagged
 * {@value BookingMeters#WORKER} with {@link LineWorkers#workerName()}: the function counters
 * {@value BookingMeters#LINE_DECISIONS} (tagged {@value BookingMeters#OUTCOME} booked, refused or
 * failed; their sum is {@code decided}), {@value BookingMeters#LINE_DEAD_LETTERS} and
 * {@value BookingMeters#LINE_UNADDRESSED}. The counters are in memory: a scrape costs no I/O.
 *
 * <p>The meters hold the workers weakly, as Micrometer's own binders do. Thread-safe.
 */
public final class LineWorkerMetrics implements MeterBinder {

    private final LineWorkers workers;
    private final Tags tags;

    /**
     * Metrics of {@code workers}.
     *
     * @param workers the line workers
     * @param tags    tags added to every meter, besides the worker's name; may be empty
     * @throws IllegalArgumentException naming {@code workers} or {@code tags} if missing
     */
    public LineWorkerMetrics(LineWorkers workers, Iterable<Tag> tags) {
        this.workers = Arguments.requirePresent("workers", workers);
        this.tags = Tags.of(Arguments.requirePresent("tags", tags)).and(BookingMeters.WORKER, workers.workerName());
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        decisions(registry, BookingMeters.BOOKED, LineWorkerStats::booked);
        decisions(registry, BookingMeters.REFUSED, LineWorkerStats::refused);
        decisions(registry, BookingMeters.FAILED, LineWorkerStats::failed);
        counter(registry, BookingMeters.LINE_DEAD_LETTERS, tags, LineWorkerStats::deadLettered,
                "Requests the line workers moved to the dead letters");
        counter(registry, BookingMeters.LINE_UNADDRESSED, tags, LineWorkerStats::unaddressed,
                "Refusals and failures whose notice could name nobody");
    }

    private void decisions(MeterRegistry registry, String outcome, ToDoubleFunction<LineWorkerStats> count) {
        counter(registry, BookingMeters.LINE_DECISIONS, tags.and(BookingMeters.OUTCOME, outcome), count,
                "Tickets the line workers settled, by outcome");
    }

    private void counter(MeterRegistry registry, String name, Tags all, ToDoubleFunction<LineWorkerStats> count,
                         String description) {
        FunctionCounter.builder(name, workers, w -> count.applyAsDouble(w.stats()))
                .description(description)
                .tags(all)
                .register(registry);
    }
}
