package dev.booking.bench.line;

import dev.booking.core.ShowId;
import dev.booking.queue.line.spi.LineTransport;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Opening lines by kind and URL, their names, and what an unreachable broker says. */
class BrokersTest {

    @Test
    void kindsParseByNameInAnyCaseAndNothingElse() {
        assertThat(BrokerKind.parse("redis")).isEqualTo(BrokerKind.REDIS);
        assertThat(BrokerKind.parse("RabbitMQ")).isEqualTo(BrokerKind.RABBITMQ);
        assertThat(BrokerKind.parse(" memory ")).isEqualTo(BrokerKind.MEMORY);
        assertThatIllegalArgumentException().isThrownBy(() -> BrokerKind.parse("kafka")).withMessageContaining("kind");
        assertThatIllegalArgumentException().isThrownBy(() -> BrokerKind.parse(null)).withMessageContaining("kind");
    }

    @Test
    void defaultUrlsComeFromTheTestVariablesElseLoopback() {
        assertThat(BrokerKind.REDIS.defaultUrl(Map.of())).isEqualTo("redis://127.0.0.1:6379");
        assertThat(BrokerKind.RABBITMQ.defaultUrl(Map.of())).isEqualTo("amqp://guest:guest@127.0.0.1:5672/%2F");
        assertThat(BrokerKind.REDIS.defaultUrl(Map.of("BOOKING_TEST_REDIS_URL", "redis://h:1"))).isEqualTo("redis://h:1");
        assertThat(BrokerKind.RABBITMQ.defaultUrl(Map.of("BOOKING_TEST_RABBITMQ_URL", " amqp://h/ ")))
                .isEqualTo("amqp://h/");
        assertThat(BrokerKind.MEMORY.defaultUrl(Map.of())).isNull();
        assertThat(BrokerKind.MEMORY.crossesProcesses()).isFalse();
        assertThat(BrokerKind.REDIS.crossesProcesses()).isTrue();
    }

    @Test
    void uniqueNamesDifferAndBadNamesAreRejectedByField() {
        assertThat(Brokers.uniqueName("race")).startsWith("race-").isNotEqualTo(Brokers.uniqueName("race"))
                .matches("[a-z0-9-]+");
        assertThatIllegalArgumentException().isThrownBy(() -> Brokers.uniqueName("Race")).withMessageContaining("prefix");
        assertThatIllegalArgumentException().isThrownBy(() -> Brokers.open(BrokerKind.MEMORY, null, "a b", 1, 1))
                .withMessageContaining("name");
        assertThatIllegalArgumentException().isThrownBy(() -> Brokers.open(BrokerKind.MEMORY, null, "x", 0, 1))
                .withMessageContaining("partitions");
        assertThatIllegalArgumentException().isThrownBy(() -> Brokers.open(BrokerKind.MEMORY, null, "x", 1, 0))
                .withMessageContaining("capacity");
        assertThatIllegalArgumentException().isThrownBy(() -> Brokers.open(null, null, "x", 1, 1))
                .withMessageContaining("kind");
    }

    @Test
    void instancesOfTheMemoryLineShareItAndCloseWithIt() {
        String name = Brokers.uniqueName("test");
        BrokerLine line = Brokers.open(BrokerKind.MEMORY, null, name, 3, 100);
        LineTransport first = line.connect();
        LineTransport second = line.connect();

        assertThat(first.name()).isEqualTo(name);
        assertThat(second.partitions()).isEqualTo(3);
        assertThat(first.partitionOf(ShowId.of("s"))).isEqualTo(second.partitionOf(ShowId.of("s")));
        assertThat(line.delete()).contains(name).isEqualTo(line.delete());
        assertThatThrownBy(line::connect).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void anUnreachableBrokerSaysWhichWithoutItsPassword() {
        assertThatThrownBy(() -> Brokers.open(BrokerKind.RABBITMQ, "amqp://guest:hush@127.0.0.1:1/%2F", "x", 1, 1))
                .isInstanceOf(BrokerUnreachableException.class)
                .hasMessageStartingWith("could not connect to rabbitmq at amqp://guest:***@127.0.0.1:1/%2F: ")
                .message().doesNotContain("hush");
    }
}
