package dev.booking.bench.perf;

import dev.booking.bench.line.BrokerKind;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BenchOptionsTest {

    private static final Map<String, String> ENV = Map.of(
            BenchOptions.POSTGRES_ENV, "jdbc:postgresql://env/pg", BenchOptions.MARIADB_ENV, " ");

    @Test
    void defaultsAreTheFullProfileWithUrlsFromTheEnvironment() {
        BenchOptions options = BenchOptions.parse(List.of(), ENV);

        assertThat(options.profile()).isEqualTo(Profile.full());
        assertThat(options.out()).isEqualTo(Path.of("booking-bench", "results"));
        assertThat(options.postgresUrl()).isEqualTo("jdbc:postgresql://env/pg");
        assertThat(options.mariadbUrl()).as("blank means absent").isNull();
        assertThat(options.backends()).containsExactly(BackendKind.values());
        assertThat(options.workloads()).as("every workload but the micro-benchmarks, which run when named")
                .containsExactlyInAnyOrder(Arrays.stream(Workload.values()).filter(Workload::perBackend)
                        .toArray(Workload[]::new));
        assertThat(options.poolSize()).isEqualTo(32);
    }

    @Test
    void theMicroBenchmarksRunWhenNamed() {
        assertThat(BenchOptions.parse(List.of("--workloads", "jmh"), ENV).workloads()).containsExactly(Workload.JMH);
        assertThat(BenchOptions.parse(List.of("--workloads", "hot,jmh"), ENV).workloads())
                .containsExactlyInAnyOrder(Workload.HOT_SEAT, Workload.JMH);
    }

    @Test
    void optionsOverrideTheEnvironmentAndTheProfile() {
        BenchOptions options = BenchOptions.parse(List.of("--postgres-url", "jdbc:postgresql://opt/pg", "--quick",
                "--out", "x", "--backends", "mongo,h2", "--workloads", "hot", "--concurrency", "4,2",
                "--seconds", "0.5", "--pairs", "2", "--callers", "10", "--rounds", "3", "--no-pgbench"), ENV);

        assertThat(options.postgresUrl()).isEqualTo("jdbc:postgresql://opt/pg");
        assertThat(options.out()).isEqualTo(Path.of("x"));
        assertThat(options.backends()).containsExactly(BackendKind.H2, BackendKind.MONGO);
        assertThat(options.workloads()).isEqualTo(Set.of(Workload.HOT_SEAT));
        assertThat(options.profile().name()).isEqualTo("quick");
        assertThat(options.profile().levels()).containsExactly(2, 4);
        assertThat(options.profile().runTime()).isEqualTo(Duration.ofMillis(500));
        assertThat(options.profile().rawPairs()).isEqualTo(2);
        assertThat(options.profile().callers()).isEqualTo(10);
        assertThat(options.profile().hotRounds()).isEqualTo(3);
        assertThat(options.usePgbench()).isFalse();
    }

    @Test
    void theLineWorkloadsHaveTheirBrokersAndTheirOwnSelector() {
        BenchOptions defaults = BenchOptions.parse(List.of(), Map.of("BOOKING_TEST_REDIS_URL", "redis://env:1"));
        assertThat(defaults.brokers()).containsExactly(BrokerKind.MEMORY, BrokerKind.REDIS, BrokerKind.RABBITMQ);
        assertThat(defaults.brokerUrl(BrokerKind.REDIS)).isEqualTo("redis://env:1");
        assertThat(defaults.brokerUrl(BrokerKind.RABBITMQ)).isEqualTo("amqp://guest:guest@127.0.0.1:5672/%2F");
        assertThat(defaults.brokerUrl(BrokerKind.MEMORY)).isNull();
        assertThat(defaults.anyLineWorkload()).isTrue();

        BenchOptions line = BenchOptions.parse(List.of("--workloads", "line,hot-seat", "--brokers", "rabbitmq,memory",
                "--redis-url", "redis://opt:2", "--rabbitmq-url", "amqp://opt:3"), Map.of());
        assertThat(line.workloads()).containsExactlyInAnyOrder(Workload.LINE_SUBMIT, Workload.LINE_DECIDE,
                Workload.LINE_HOT_SEAT, Workload.LINE_BATCH, Workload.HOT_SEAT);
        assertThat(line.brokers()).containsExactly(BrokerKind.MEMORY, BrokerKind.RABBITMQ);
        assertThat(line.brokerUrl(BrokerKind.REDIS)).isEqualTo("redis://opt:2");
        assertThat(line.brokerUrl(BrokerKind.RABBITMQ)).isEqualTo("amqp://opt:3");

        assertThat(BenchOptions.parse(List.of("--workloads", "distinct-seats"), Map.of()).anyLineWorkload()).isFalse();
        assertThatThrownBy(() -> BenchOptions.parse(List.of("--brokers", "kafka"), Map.of()))
                .hasMessageContaining("kafka");
    }

    @Test
    void theCurvesAreAWorkloadWhoseLargestShowIsOptIn() {
        BenchOptions defaults = BenchOptions.parse(List.of("--workloads", "curves"), Map.of());
        assertThat(defaults.workloads()).containsExactly(Workload.CURVES);
        assertThat(defaults.curveMax()).isEqualTo(100_000);
        assertThat(BenchOptions.parse(List.of("--quick"), Map.of()).curveMax()).isEqualTo(1_000);
        assertThat(BenchOptions.parse(List.of("--curve-max", "1000000"), Map.of()).curveMax()).isEqualTo(1_000_000);
        assertThatThrownBy(() -> BenchOptions.parse(List.of("--curve-max", "10"), Map.of()))
                .hasMessageContaining("--curve-max");
    }

    @Test
    void helpAndBadInput() {
        assertThat(BenchOptions.parse(List.of("--help"), Map.of())).isNull();
        assertThatThrownBy(() -> BenchOptions.parse(List.of("--pool-size", "x"), Map.of()))
                .hasMessageContaining("--pool-size");
        assertThatThrownBy(() -> BenchOptions.parse(List.of("--backends", "oracle"), Map.of()))
                .hasMessageContaining("oracle");
        assertThatThrownBy(() -> BenchOptions.parse(List.of("--frobnicate"), Map.of()))
                .hasMessageContaining("unknown option");
        assertThatThrownBy(() -> BenchOptions.parse(List.of("--out"), Map.of())).hasMessageContaining("needs a value");
    }
}
