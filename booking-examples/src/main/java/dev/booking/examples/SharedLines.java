package dev.booking.examples;

import dev.booking.core.ClaimRequest;
import dev.booking.core.SeatRepository;
import dev.booking.core.ShowId;
import dev.booking.core.UserId;
import dev.booking.queue.line.LineWorkers;
import dev.booking.queue.line.SharedLine;
import dev.booking.queue.line.SubmitResult;
import dev.booking.queue.line.TicketStatus;
import dev.booking.queue.line.spi.LineTransport;
import dev.booking.queue.rabbitmq.RabbitMqLine;
import dev.booking.queue.redis.RedisLine;

import java.net.URI;
import java.time.Duration;

/** The README's shared line: a service instance submitting and polling, and the workers on each broker. */
public final class SharedLines {

    private SharedLines() {
    }

    /** What the service answers the browser: a status code and a body, as an HTTP layer would send them. */
    public record Answer(int status, String body) {
    }

    /** The "Book" button's endpoint: submits the claim and answers 202 with the ticket, or 503 when full. */
    public static Answer book(LineTransport transport, ShowId show, UserId user, String seat, String orderId) {
        // sample:shared-line-submit
        SharedLine line = SharedLine.builder(transport).build();   // one per instance; stateless

        SubmitResult submitted = line.submit(ClaimRequest.book(show, user, seat), orderId);
        if (submitted instanceof SubmitResult.Accepted accepted) {
            return new Answer(202, accepted.ticket().id());           // the page polls with this id
        }
        SubmitResult.Busy busy = (SubmitResult.Busy) submitted;      // nothing was queued
        return new Answer(503, "Retry-After: " + busy.retryAfter().toSeconds());
        // end-sample:shared-line-submit
    }

    /** The page's poll, from any instance: what the spinner shows next. */
    public static String poll(LineTransport transport, String ticketIdFromTheUrl) {
        SharedLine line = SharedLine.builder(transport).build();
        // sample:shared-line-status
        TicketStatus status = line.status(ticketIdFromTheUrl);      // malformed or unknown: Unknown
        if (status instanceof TicketStatus.Queued queued) {
            return "processing... " + queued.position() + " ahead of you";
        } else if (status instanceof TicketStatus.Booked booked) {
            return "booked: " + booked.claim().seats();
        } else if (status instanceof TicketStatus.Refused) {
            return "sorry, taken";                                   // never says by whom
        } else if (status instanceof TicketStatus.Processing) {
            return "processing...";
        }
        return "something went wrong: please try again";             // Failed or Unknown
        // end-sample:shared-line-status
    }

    /** Workers on a Redis line, as a service or a worker process starts them; the caller closes both. */
    public static LineWorkers onRedis(SeatRepository seats) {
        // sample:shared-line-redis
        RedisLine transport = RedisLine.builder(URI.create("redis://redis.internal:6379"))
                .name("cinema")                    // every instance and worker on this name shares the line
                .partitions(16)                    // shows spread over 16 partitions, one worker each at a time
                .capacity(50_000)                  // undecided requests per partition; past it submit is Busy
                .leaseTime(Duration.ofSeconds(5))  // a dead worker's partitions move on within this
                .build();
        LineWorkers workers = LineWorkers.builder(transport, seats)
                .threads(4)                        // in this process; run as many processes as you like
                .build()
                .start();
        // end-sample:shared-line-redis
        return workers;
    }

    /** Workers on a RabbitMQ line; the caller closes both. */
    public static LineWorkers onRabbitMq(SeatRepository seats) {
        // sample:shared-line-rabbitmq
        RabbitMqLine transport = RabbitMqLine.builder(URI.create("amqp://booking:secret@rabbit.internal:5672/%2F"))
                .name("cinema")
                .partitions(16)                    // one quorum queue each, single active consumer
                .capacity(50_000)                  // x-max-length with reject-publish: Busy, never dropped
                .build();
        LineWorkers workers = LineWorkers.builder(transport, seats).threads(4).build().start();
        // end-sample:shared-line-rabbitmq
        return workers;
    }
}
