package dev.booking.bench;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A store that cannot be connected to ends the race demo with one line naming it, its password
 * masked, and status 4: not a stack trace, and not status 1, which says that the integrity check failed.
 * Port 1 on the loopback refuses at once.
 */
class StoreUnreachableTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @Test
    void aDatabaseThatRefusesIsOneLineAndStatusFour() throws Exception {
        int status = run("--jdbc-url", "jdbc:postgresql://127.0.0.1:1/demo?user=someone&password=s3cret", "--users", "5");

        assertThat(status).isEqualTo(4);
        assertThat(text(out)).isEmpty();
        assertThat(text(err)).startsWith("race: could not connect to jdbc:postgresql://127.0.0.1:1/demo?user=someone"
                + "&password=***: ").contains("refused").doesNotContain("s3cret").hasLineCount(1);
    }

    @Test
    void aPasswordGivenApartIsMaskedInTheDriversReasonToo() throws Exception {
        int status = run("--jdbc-url", "jdbc:mariadb://127.0.0.1:1/demo", "--db-user", "someone", "--db-password",
                "s3cret", "--users", "5");

        assertThat(status).isEqualTo(4);
        assertThat(text(err)).startsWith("race: could not connect to jdbc:mariadb://127.0.0.1:1/demo: ")
                .doesNotContain("s3cret").hasLineCount(1);
    }

    @Test
    void aMongoServerThatNeverAnswersIsOneLineAndStatusFour() throws Exception {
        int status = run("--mongo-uri", "mongodb://someone:s3cret@127.0.0.1:1/?serverSelectionTimeoutMS=300",
                "--users", "5");

        assertThat(status).isEqualTo(4);
        assertThat(text(err)).startsWith("race: could not connect to MongoDB at 127.0.0.1:1: ")
                .doesNotContain("s3cret").hasLineCount(1);
    }

    @Test
    void passwordsInEitherPlaceOfAUrlAreMasked() {
        assertThat(StoreUnreachableException.withoutPassword("jdbc:postgresql://h/db?user=u&password=p&ssl=true"))
                .isEqualTo("jdbc:postgresql://h/db?user=u&password=***&ssl=true");
        assertThat(StoreUnreachableException.withoutPassword("jdbc:mysql://u:p@h:3306/db"))
                .isEqualTo("jdbc:mysql://u:***@h:3306/db");
        assertThat(StoreUnreachableException.withoutPassword("jdbc:h2:mem:x;USER=u;PASSWORD=p;MODE=MySQL"))
                .isEqualTo("jdbc:h2:mem:x;USER=u;PASSWORD=***;MODE=MySQL");
        assertThat(StoreUnreachableException.withoutPassword("jdbc:postgresql://h/db")).isEqualTo("jdbc:postgresql://h/db");
    }

    private int run(String... args) throws Exception {
        return Main.run(List.of(args), Map.of(), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private static String text(ByteArrayOutputStream bytes) {
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
