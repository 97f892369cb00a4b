package dev.booking.bench;

import dev.booking.bench.line.BrokerKind;
import dev.booking.core.ClaimRequest;

import java.util.List;
import java.util.Locale;

/**
 * The race mode's command line.
 *
 * @param users       racers, each a different user
 * @param seats       seats they race for; caller i goes for seat i mod seats
 * @param backend     h2 (default), jdbc or mongo
 * @param jdbcUrl     the JDBC URL for backend jdbc
 * @param dbUser      the database user, if not in the URL
 * @param dbPassword  the database password, if not in the URL
 * @param mongoUri    the MongoDB URI; absent with backend mongo means the in-process test server
 * @param poolSize    connections in the pool (JDBC) or the client's pool (MongoDB)
 * @param waitingRoom whether requests go through a waiting room
 * @param group       seats per request: 1 races with tryBook, more with all-or-nothing group claims
 * @param keep        whether the demo's table (or collection) stays afterwards; by default it is dropped
 * @param queue       the shared line's broker requests go through, or null to call the store directly
 * @param queueUrl    the broker's URL, or null for its default
 * @param workers     worker threads deciding the line, in total
 * @param workerProcesses worker JVMs the threads are spread over; 0 runs them in the race's JVM
 * @param partitions  the line's partitions
 * @param notices     whether every outcome owed a message is written to an outbox and mailed to an SMTP
 *                    server in this JVM, and what arrived is checked
 */
record RaceOptions(int users, int seats, String backend, String jdbcUrl, String dbUser, String dbPassword,
                   String mongoUri, int poolSize, boolean waitingRoom, int group, boolean keep, BrokerKind queue,
                   String queueUrl, int workers, int workerProcesses, int partitions, boolean notices) {

    static final String USAGE = """
            usage: race [options]
              --users N           users racing, each once (default 1000)
              --seats S           seats they race for; user i tries seat i mod S (default 1)
              --backend NAME      h2 (default, embedded in-memory), jdbc, or mongo
              --jdbc-url URL      a PostgreSQL, MariaDB, MySQL or H2 JDBC URL (implies --backend jdbc)
              --db-user USER      database user, if not in the URL
              --db-password PW    database password, if not in the URL
              --mongo-uri URI     a MongoDB connection string (implies --backend mongo); without it,
                                  --backend mongo starts an in-process MongoDB wire-protocol test server
              --pool-size N       connections in the pool (default 16)
              --waiting-room      send every request through a waiting room (bounded queue, FIFO per seat)
              --group N           each user books N adjacent seats, all or none, starting at a random
                                  seat (default 1: one seat per user with tryBook); e.g. --seats 20 --group 3
              --keep              keep the demo's table booking_race_demo (MongoDB: collection) afterwards;
                                  by default the demo drops it, and its booking_race_demo_reference if any;
                                  with --queue, the line's broker state too
              --queue KIND        send every request through the shared line: redis, rabbitmq or memory;
                                  users submit through 2 service instances, poll their ticket every
                                  50-100 ms until it is final, and workers decide the line in order
              --queue-url URL     the broker (default $BOOKING_TEST_REDIS_URL or redis://127.0.0.1:6379,
                                  $BOOKING_TEST_RABBITMQ_URL or amqp://guest:guest@127.0.0.1:5672/%2F)
              --workers N         worker threads deciding the line, in total (default 4)
              --worker-processes K  run the workers in K extra JVMs started from this jar, N/K threads
                                  each, instead of in the race's JVM (default 0; redis and rabbitmq only;
                                  h2 is then served to them over TCP on 127.0.0.1)
              --partitions P      the line's partitions (default 4; one show uses one of them)
              --notify            durable notifications: the store is built with its transactional outbox
                                  (table booking_race_demo_outbox, dropped with the others), an SMTP server
                                  (GreenMail) runs in this JVM, and a relay mails every notice to
                                  user + "@race.test" through the library's MailDelivery. After the race
                                  it waits until the outbox is drained and prints the messages by kind,
                                  the time from the gate opening until the last one arrived, and checks
                                  them: directly, one "booked" per winner and nothing for the losers
                                  (their answer came in the call); with --queue, one per ticket, "booked"
                                  or "sorry, taken"; no Message-ID twice. MongoDB: the outbox is the
                                  collection booking_race_demo_outbox
              --help              this text
            exit status: 0 if the integrity check passes and nothing failed, 1 if the integrity
            check (or, with --notify, the mail check) fails, 2 for a bad command line, 3 if calls
            failed with errors or the demo stopped on one, 4 if the store or the broker could not
            be connected to (one line says why)
            """;

    /** Worker threads deciding the line when {@code --workers} is not given. */
    static final int DEFAULT_WORKERS = 4;

    /** The line's partitions when {@code --partitions} is not given. */
    static final int DEFAULT_PARTITIONS = 4;

    RaceOptions {
        if (users < 1) {
            throw new IllegalArgumentException("--users must be at least 1");
        }
        if (seats < 1) {
            throw new IllegalArgumentException("--seats must be at least 1");
        }
        if (poolSize < 1) {
            throw new IllegalArgumentException("--pool-size must be at least 1");
        }
        if (group < 1 || group > Math.min(seats, ClaimRequest.MAX_SEATS)) {
            throw new IllegalArgumentException("--group must be between 1 and the number of seats (at most "
                    + ClaimRequest.MAX_SEATS + ")");
        }
        if (group > 1 && waitingRoom) {
            throw new IllegalArgumentException("--group and --waiting-room do not combine: the room lines up"
                    + " requests for one seat");
        }
        if (!List.of("h2", "jdbc", "mongo").contains(backend)) {
            throw new IllegalArgumentException("--backend must be h2, jdbc or mongo");
        }
        if (backend.equals("jdbc") && jdbcUrl == null) {
            throw new IllegalArgumentException("--backend jdbc needs --jdbc-url");
        }
        if (queue == null) {
            if (queueUrl != null || workers != DEFAULT_WORKERS || workerProcesses != 0
                    || partitions != DEFAULT_PARTITIONS) {
                throw new IllegalArgumentException("--queue-url, --workers, --worker-processes and --partitions"
                        + " need --queue");
            }
        } else {
            validateQueue(queue, queueUrl, backend, waitingRoom, workers, workerProcesses, partitions);
        }
    }

    private static void validateQueue(BrokerKind queue, String queueUrl, String backend, boolean waitingRoom,
                                      int workers, int workerProcesses, int partitions) {
        if (waitingRoom) {
            throw new IllegalArgumentException("--queue and --waiting-room do not combine: the line is the waiting"
                    + " room");
        }
        if (queue == BrokerKind.MEMORY && queueUrl != null) {
            throw new IllegalArgumentException("--queue memory has no --queue-url");
        }
        if (workers < 1) {
            throw new IllegalArgumentException("--workers must be at least 1");
        }
        if (partitions < 1) {
            throw new IllegalArgumentException("--partitions must be at least 1");
        }
        if (workerProcesses < 0) {
            throw new IllegalArgumentException("--worker-processes must not be negative");
        }
        if (workerProcesses > 0) {
            if (!queue.crossesProcesses()) {
                throw new IllegalArgumentException("--worker-processes needs --queue redis or rabbitmq: the memory"
                        + " line lives in one JVM");
            }
            if (backend.equals("mongo")) {
                throw new IllegalArgumentException("--worker-processes needs a SQL store (h2 or --jdbc-url)");
            }
            if (workers < workerProcesses) {
                throw new IllegalArgumentException("--workers must be at least --worker-processes: every process"
                        + " runs a thread at least");
            }
        }
    }

    /** Parses the command line; {@code null} means --help was asked for. */
    static RaceOptions parse(List<String> args) {
        int users = 1000;
        int seats = 1;
        String backend = null;
        String jdbcUrl = null;
        String dbUser = null;
        String dbPassword = null;
        String mongoUri = null;
        int poolSize = 16;
        boolean waitingRoom = false;
        int group = 1;
        boolean keep = false;
        BrokerKind queue = null;
        String queueUrl = null;
        int workers = DEFAULT_WORKERS;
        int workerProcesses = 0;
        int partitions = DEFAULT_PARTITIONS;
        boolean notices = false;
        CommandLine line = new CommandLine(args);
        while (line.hasNext()) {
            String option = line.next();
            switch (option) {
                case "--help", "-h" -> {
                    return null;
                }
                case "--users" -> users = line.number(option);
                case "--seats" -> seats = line.number(option);
                case "--backend" -> backend = line.text(option).toLowerCase(Locale.ROOT);
                case "--jdbc-url" -> jdbcUrl = line.text(option);
                case "--db-user" -> dbUser = line.text(option);
                case "--db-password" -> dbPassword = line.text(option);
                case "--mongo-uri" -> mongoUri = line.text(option);
                case "--pool-size" -> poolSize = line.number(option);
                case "--waiting-room" -> waitingRoom = true;
                case "--group" -> group = line.number(option);
                case "--keep" -> keep = true;
                case "--queue" -> queue = queue(line.text(option));
                case "--queue-url" -> queueUrl = line.text(option);
                case "--workers" -> workers = line.number(option);
                case "--worker-processes" -> workerProcesses = line.number(option);
                case "--partitions" -> partitions = line.number(option);
                case "--notify" -> notices = true;
                default -> throw CommandLine.unknown(option);
            }
        }
        if (backend == null) {
            backend = jdbcUrl != null ? "jdbc" : mongoUri != null ? "mongo" : "h2";
        }
        return new RaceOptions(users, seats, backend, jdbcUrl, dbUser, dbPassword, mongoUri, poolSize, waitingRoom, group,
                keep, queue, queueUrl, workers, workerProcesses, partitions, notices);
    }

    private static BrokerKind queue(String name) {
        try {
            return BrokerKind.parse(name);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--queue must be redis, rabbitmq or memory, was '" + name + "'");
        }
    }
}
