package dev.booking.spring.boot;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** The metadata the configuration processor wrote into the jar lists the frozen properties, with hints. */
class ConfigurationMetadataTest {

    @Test
    void theMetadataListsThePropertiesAndTheHints() throws IOException {
        String json;
        try (InputStream in = getClass().getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
            assertThat(in).as("spring-configuration-metadata.json generated").isNotNull();
            json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertThat(json).contains("\"booking.enabled\"", "\"booking.store\"", "\"booking.jdbc.table\"",
                "\"booking.jdbc.dialect\"", "\"booking.jdbc.create-schema\"", "\"booking.mongo.database\"",
                "\"booking.mongo.collection\"", "\"booking.mongo.create-indexes\"", "\"booking.waiting-room.enabled\"",
                "\"booking.waiting-room.capacity\"", "\"booking.waiting-room.remember-owners-for\"",
                "\"booking.line.transport\"", "\"booking.line.partitions\"", "\"booking.line.capacity\"",
                "\"booking.line.name\"", "\"booking.line.redis.url\"", "\"booking.line.rabbitmq.url\"",
                "\"booking.line.workers.enabled\"", "\"booking.line.workers.poll-wait\"", "\"booking.outbox.enabled\"",
                "\"booking.outbox.create-schema\"", "\"booking.outbox.relay.enabled\"",
                "\"booking.outbox.relay.poll-interval\"", "\"booking.mail.from\"", "\"booking.metrics.enabled\"",
                "\"hints\"", "\"in-memory\"");
    }
}
