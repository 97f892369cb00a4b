package dev.booking.bench.perf;

import dev.booking.bench.CommandLine;
import dev.booking.bench.line.BrokerKind;

import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The bench mode's command line, with the database URLs falling back to the environment.
 *
 * @param out         the results folder
 * @param profile     durations, pairs and levels (full or quick, with any overrides applied)
 * @param postgresUrl PostgreSQL JDBC URL with credentials, or null to skip PostgreSQL
 * @param mariadbUrl  MariaDB JDBC URL with credentials, or null to skip MariaDB
 * @param poolSize    connections in the one pool every variant of a backend shares
 * @param backends    the backends to run, in run order
 * @param workloads   the workloads to run
 * @param pgbench     the pgbench executable, null to look for it on the PATH
 * @param usePgbench  false with --no-pgbench
 * @param brokers     the brokers the line workloads run on, in run order
 * @param redisUrl    the Redis URL for the line workloads
 * @param rabbitmqUrl the RabbitMQ URL for the line workloads
 * @param curveMax    the most seats per show the cost curves measure (10^6 is opt-in: minutes per backend)
 */
public record BenchOptions(Path out, Profile profile, String postgresUrl, String mariadbUrl, int poolSize,
                           List<BackendKind> backends, Set<Workload> workloads, String pgbench, boolean usePgbench,
                           List<BrokerKind> brokers, String redisUrl, String rabbitmqUrl, int curveMax) {

    /** The environment variable read when --postgres-url is absent; shared with the JDBC module's tests. */
    public static final String POSTGRES_ENV = "BOOKING_TEST_POSTGRES_URL";
    /** The environment variable read when --mariadb-url is absent. */
    public static final String MARIADB_ENV = "BOOKING_TEST_MARIADB_URL";

    /** The text of {@code --help}. */
    public static final String USAGE = """
            usage: bench [options]
              --quick              the CI profile: every backend, workload and variant briefly (under a minute)
              --out DIR            results folder (default booking-bench/results): results.md, results.csv,
                                   benchmark.png
              --postgres-url URL   PostgreSQL JDBC URL with credentials
                                   (default: $BOOKING_TEST_POSTGRES_URL; PostgreSQL is skipped without one)
              --mariadb-url URL    MariaDB JDBC URL with credentials
                                   (default: $BOOKING_TEST_MARIADB_URL; MariaDB is skipped without one)
              --backends LIST      any of h2,postgresql,mariadb,mongo (default: all)
              --workloads LIST     any of distinct-seats,hot-seat,waiting-room,groups,line-submit,line-decide,
                                   line-hot-seat,line-batch,outbox-cost,relay-throughput,stadium,curves;
                                   line for the four line-*, outbox for outbox-cost and relay-throughput
                                   (default: all); jmh, only when named: the JMH micro-benchmarks
                                   (jmh.md, jmh.json)
              --brokers LIST       the shared line's brokers, any of memory,redis,rabbitmq (default: all;
                                   an unreachable broker is skipped and reported)
              --redis-url URL      (default: $BOOKING_TEST_REDIS_URL, else redis://127.0.0.1:6379)
              --rabbitmq-url URL   (default: $BOOKING_TEST_RABBITMQ_URL, else amqp://guest:guest@127.0.0.1:5672/%2F)
              --pool-size N        connections in the pool every variant shares (default 32)
              --concurrency LIST   client threads for distinct seats (default 1,8,32,128; quick 8,128)
              --seconds S          length of one distinct-seats run (default 1; quick 0.2)
              --pairs N            A/B pairs per baseline (default 5 for raw JDBC and pgbench, else 2; quick 1)
              --callers N          hot-seat callers per seat (default 1000)
              --rounds N           hot-seat seats per run (default 10; quick 2)
              --curve-max N        the most seats per show of the cost curves (default 100000, and 1000
                                   on the in-process Mongo server; beyond 100000, e.g. 1000000, every
                                   size runs on every backend, which takes minutes each; quick: 1000)
              --pgbench PATH       the pgbench executable (default: pgbench on the PATH)
              --no-pgbench         leave pgbench out
              --help               this text
            The Mongo rows use an in-process mongo-java-server; H2 runs in memory. Nothing is asserted
            about timings; the exit status is 1 if the library ever gave a seat to two callers or lost a
            caller's answer, 3 if a backend failed, else 0.
            """;

    /** Checks the pool size and copies the lists. */
    public BenchOptions {
        if (poolSize < 1) {
            throw new IllegalArgumentException("--pool-size must be at least 1");
        }
        if (curveMax < 100) {
            throw new IllegalArgumentException("--curve-max must be at least 100");
        }
        backends = List.copyOf(backends);
        brokers = List.copyOf(brokers);
        workloads = workloads.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(workloads));
    }

    /**
     * Parses the command line.
     *
     * @param args the arguments
     * @param env  the environment, for the database URLs
     * @return the options, or null if --help was asked for
     * @throws IllegalArgumentException on a bad command line
     */
    public static BenchOptions parse(List<String> args, Map<String, String> env) {
        Path out = Path.of("booking-bench", "results");
        boolean quick = args.contains("--quick");
        Profile profile = quick ? Profile.quick() : Profile.full();
        String postgresUrl = blankToNull(env.get(POSTGRES_ENV));
        String mariadbUrl = blankToNull(env.get(MARIADB_ENV));
        int poolSize = 32;
        List<BackendKind> backends = List.of(BackendKind.values());
        Set<Workload> workloads = EnumSet.complementOf(EnumSet.of(Workload.JMH)); // the micro-benchmarks when named
        String pgbench = null;
        boolean usePgbench = true;
        List<BrokerKind> brokers = List.of(BrokerKind.values());
        String redisUrl = BrokerKind.REDIS.defaultUrl(env);
        String rabbitmqUrl = BrokerKind.RABBITMQ.defaultUrl(env);
        int curveMax = quick ? 1_000 : CurveSizes.DEFAULT_MAX_SEATS;
        CommandLine line = new CommandLine(args);
        while (line.hasNext()) {
            String option = line.next();
            switch (option) {
                case "--help", "-h" -> {
                    return null;
                }
                case "--quick" -> {
                    // read above, because it sets the defaults the other options override
                }
                case "--out" -> out = Path.of(line.text(option));
                case "--postgres-url" -> postgresUrl = line.text(option);
                case "--mariadb-url" -> mariadbUrl = line.text(option);
                case "--backends" -> backends = line.list(option).stream().map(BackendKind::of).distinct().sorted()
                        .toList();
                case "--workloads" -> workloads = EnumSet.copyOf(line.list(option).stream()
                        .flatMap(name -> Workload.named(name).stream()).toList());
                case "--brokers" -> brokers = line.list(option).stream().map(BrokerKind::parse).distinct().sorted()
                        .toList();
                case "--redis-url" -> redisUrl = line.text(option);
                case "--rabbitmq-url" -> rabbitmqUrl = line.text(option);
                case "--pool-size" -> poolSize = line.number(option);
                case "--concurrency" -> profile = profile.withLevels(line.numbers(option).stream().distinct().sorted()
                        .toList());
                case "--seconds" -> profile = profile.withRunTime(line.seconds(option));
                case "--pairs" -> profile = profile.withPairs(line.number(option));
                case "--callers" -> profile = profile.withHotSeat(line.number(option), profile.hotRounds());
                case "--rounds" -> profile = profile.withHotSeat(profile.callers(), line.number(option));
                case "--pgbench" -> pgbench = line.text(option);
                case "--no-pgbench" -> usePgbench = false;
                case "--curve-max" -> curveMax = line.number(option);
                default -> throw CommandLine.unknown(option);
            }
        }
        return new BenchOptions(out, profile, postgresUrl, mariadbUrl, poolSize, backends, workloads, pgbench,
                usePgbench, brokers, redisUrl, rabbitmqUrl, curveMax);
    }

    /** The JDBC URL for a SQL backend other than H2, or null when none was given. */
    String urlOf(BackendKind kind) {
        return switch (kind) {
            case POSTGRESQL -> postgresUrl;
            case MARIADB -> mariadbUrl;
            default -> null;
        };
    }

    /** The URL of a line's broker; null for memory. */
    String brokerUrl(BrokerKind kind) {
        return switch (kind) {
            case MEMORY -> null;
            case REDIS -> redisUrl;
            case RABBITMQ -> rabbitmqUrl;
        };
    }

    /** Whether any of the shared line's workloads is to run. */
    boolean anyLineWorkload() {
        return workloads.stream().anyMatch(Workload::line);
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
