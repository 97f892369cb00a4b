package dev.booking.demo;

import dev.booking.testsupport.TestServers;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The demo's {@code postgres} profile in the browser: PostgreSQL from BOOKING_TEST_POSTGRES_URL and
 * the Redis line from BOOKING_TEST_REDIS_URL, with a show and a line name of this run's own.
 * Skipped with one line when either is unset (failed with {@code CI=true}).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("postgres")
class PostgresRedisBrowserTest extends BrowserSuite {

    private static final String RUN = UUID.randomUUID().toString().substring(0, 12);

    @BeforeAll
    static void requireServers() {
        if (blank(System.getenv("BOOKING_TEST_POSTGRES_URL"))) {
            throw TestServers.unavailable("POSTGRESQL", "set BOOKING_TEST_POSTGRES_URL (a JDBC URL with user and password)", true);
        }
        if (blank(System.getenv("BOOKING_TEST_REDIS_URL"))) {
            throw TestServers.unavailable("REDIS", "set BOOKING_TEST_REDIS_URL (e.g. redis://127.0.0.1:6379)", true);
        }
    }

    @DynamicPropertySource
    static void servers(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", () -> System.getenv("BOOKING_TEST_POSTGRES_URL"));
        registry.add("booking.line.redis.url", () -> System.getenv("BOOKING_TEST_REDIS_URL"));
        registry.add("booking.line.name", () -> "demo-test-" + RUN);
        registry.add("demo.show", () -> "demo-test-" + RUN);
    }

    @Test
    void aPersonBooksAFreeSeatThroughTheRedisLine() {
        openSeatMap(browser);
        typeName(browser, "Ann on PostgreSQL");
        seat(browser, "A1").click();

        assertThat(awaitAnswer(browser)).isEqualTo("BOOKED");
        assertThat(awaitShownOwner(browser, "A1")).isEqualTo("Ann on PostgreSQL");
        assertThat(seats.findSeat(currentShow.seat("A1")).orElseThrow().owner().value()).isEqualTo("Ann on PostgreSQL");
        assertThat(browser.findElement(By.id("mode")).getText()).isEqualTo("bookings go through the shared line");
    }

    @Test
    void aThousandUsersEndWithOneOwnerPerSeatAndCountsThatMatchTheDatabase() {
        crowdEndsWithOneOwnerPerSeatAndCountsThatMatchTheDatabase("thousand-users-postgres-redis");
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}
