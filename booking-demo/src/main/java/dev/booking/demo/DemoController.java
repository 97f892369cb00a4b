package dev.booking.demo;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Measurement;
import io.micrometer.core.instrument.Tag;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;

/**
 * The JSON API behind the pages in {@code static/}: the seat map, booking and ticket polls, the
 * crowd, a reset, and the {@code booking.*} meters. Invalid input answers 400 with the message.
 *
 * <p>Thread-safe: stateless.
 */
@RestController
@RequestMapping("/api")
public class DemoController {

    private final DemoShow show;
    private final BookingDesk desk;
    private final Crowd crowd;
    private final MeterRegistry meters;

    /**
     * Serves the demo's beans.
     *
     * @param show   the current show
     * @param desk   books for one visitor
     * @param crowd  the simulated crowd
     * @param meters Micrometer's registry, absent without actuator
     */
    public DemoController(DemoShow show, BookingDesk desk, Crowd crowd, ObjectProvider<MeterRegistry> meters) {
        this.show = show;
        this.desk = desk;
        this.crowd = crowd;
        this.meters = meters.getIfAvailable();
    }

    /**
     * The seat map of the current show.
     *
     * @param show      the show's id
     * @param line      whether bookings go through the shared line
     * @param seats     every seat, in map order
     * @param perRow    seats per row, to lay the map out
     */
    public record SeatMap(String show, boolean line, List<SeatView> seats, int perRow) {
    }

    /**
     * One seat on the map.
     *
     * @param number its number
     * @param owner  who has it, or {@code null} when it is free
     */
    public record SeatView(String number, String owner) {
    }

    /**
     * A click on "Book".
     *
     * @param name the visitor's name as typed
     * @param seat the seat number
     */
    public record BookRequest(String name, String seat) {
    }

    /**
     * One meter: its name, its tags as {@code key=value} pairs, and each measurement.
     *
     * @param name   the meter's name
     * @param tags   its tags, sorted by key
     * @param values statistic to value, e.g. {@code COUNT=3.0}
     */
    public record MeterView(String name, String tags, String values) {
    }

    /**
     * A failed request's explanation.
     *
     * @param error the message, which names the field
     */
    public record ApiError(String error) {
    }

    /** The current show's seat map. */
    @GetMapping("/seats")
    public SeatMap seats() {
        Map<String, String> owners = show.seats().stream()
                .filter(seat -> seat.owner() != null)
                .collect(Collectors.toMap(seat -> seat.seat().number(), seat -> seat.owner().value()));
        List<SeatView> views = show.layout().stream().map(number -> new SeatView(number, owners.get(number))).toList();
        return new SeatMap(show.current().value(), desk.usesLine(), views, show.seatsPerRow());
    }

    /**
     * Books a seat for a visitor.
     *
     * @param request the name and the seat
     * @return processing with a ticket, busy, or a final answer
     */
    @PostMapping("/book")
    public DeskAnswer book(@RequestBody BookRequest request) {
        if (request == null) {
            throw new IllegalArgumentException("name and seat are required");
        }
        return desk.book(new VisitorName(request.name()), request.seat());
    }

    /**
     * Where a ticket stands.
     *
     * @param id the ticket id
     * @return the answer to show
     */
    @GetMapping("/tickets/{id}")
    public DeskAnswer ticket(@PathVariable("id") String id) {
        return desk.status(id);
    }

    /** Sends the crowd at the current show. */
    @PostMapping("/crowd")
    public CrowdCounts startCrowd() {
        return crowd.start();
    }

    /** The latest crowd run's counts. */
    @GetMapping("/crowd")
    public CrowdCounts crowd() {
        return crowd.counts();
    }

    /** Opens a new, empty show. */
    @PostMapping("/reset")
    public SeatMap reset() {
        if (crowd.running()) {
            throw new IllegalStateException("a crowd is still running: reset when it is done");
        }
        show.reset();
        return seats();
    }

    /** The {@code booking.*} meters, sorted by name and tags. */
    @GetMapping("/meters")
    public List<MeterView> meters() {
        if (meters == null) {
            return List.of();
        }
        return meters.getMeters().stream()
                .filter(meter -> meter.getId().getName().startsWith("booking."))
                .map(DemoController::view)
                .sorted(Comparator.comparing(MeterView::name).thenComparing(MeterView::tags))
                .toList();
    }

    private static MeterView view(Meter meter) {
        String tags = meter.getId().getTags().stream()
                .sorted(Comparator.comparing(Tag::getKey))
                .map(tag -> tag.getKey() + "=" + tag.getValue())
                .collect(Collectors.joining(", "));
        String values = StreamSupport.stream(meter.measure().spliterator(), false)
                .map(DemoController::format)
                .collect(Collectors.joining(", "));
        return new MeterView(meter.getId().getName(), tags, values);
    }

    private static String format(Measurement measurement) {
        double value = measurement.getValue();
        String shown = value == Math.rint(value) && !Double.isInfinite(value) ? Long.toString((long) value)
                : String.format(java.util.Locale.ROOT, "%.4f", value);
        return measurement.getStatistic().name().toLowerCase(java.util.Locale.ROOT) + "=" + shown;
    }

    /** Invalid input: 400 with the message, which names the field and never echoes the value. */
    @ExceptionHandler(IllegalArgumentException.class)
    public ResponseEntity<ApiError> invalid(IllegalArgumentException e) {
        return ResponseEntity.status(HttpStatus.BAD_REQUEST).body(new ApiError(e.getMessage()));
    }

    /** A crowd still running: 409 with the message. */
    @ExceptionHandler(IllegalStateException.class)
    public ResponseEntity<ApiError> conflict(IllegalStateException e) {
        return ResponseEntity.status(HttpStatus.CONFLICT).body(new ApiError(e.getMessage()));
    }
}
