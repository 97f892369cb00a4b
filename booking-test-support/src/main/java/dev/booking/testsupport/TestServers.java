package dev.booking.testsupport;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Where the database of a backend's test suite comes from, decided the same way for every backend:
 * a URL in an environment variable, else a container where a Docker engine runs, else a skip with
 * one line saying how to enable the suite, or a failure where the suite is required.
 *
 * <p>A suite is required when {@code BOOKING_REQUIRE_<BACKEND>=true}, or when {@code CI=true} and
 * the backend is one CI must always cover, so that CI can never skip it silently.
 */
public final class TestServers {

    /** The skips already announced on the console by this JVM. */
    private static final Set<String> ANNOUNCED = ConcurrentHashMap.newKeySet();

    private TestServers() {
    }

    /** Whether this run is CI's: {@code CI=true}, where nothing that CI provides may be skipped. */
    public static boolean ci() {
        return "true".equalsIgnoreCase(System.getenv("CI"));
    }

    /**
     * Whether a Docker engine may be reachable, judged from the usual traces of one (cheap, no
     * connection attempt). When false, asking Testcontainers would only print a long error report.
     */
    public static boolean dockerHinted() {
        String home = System.getProperty("user.home");
        return System.getenv("DOCKER_HOST") != null
                || System.getenv("TESTCONTAINERS_DOCKER_SOCKET_OVERRIDE") != null
                || "true".equalsIgnoreCase(System.getenv("BOOKING_TEST_DOCKER"))
                || Files.exists(Path.of("/var/run/docker.sock"))
                || Files.exists(Path.of(home, ".colima"))
                || Files.exists(Path.of(home, ".rd", "docker.sock"))
                || Files.exists(Path.of(home, ".testcontainers.properties"))
                || Files.exists(Path.of(home, ".docker", "run", "docker.sock"));
    }

    /**
     * Whether the backend's suite must run here.
     *
     * @param backend      its name, e.g. {@code POSTGRESQL}; {@code BOOKING_REQUIRE_<backend>} is read
     * @param requiredInCi whether {@code CI=true} alone makes it required
     */
    public static boolean required(String backend, boolean requiredInCi) {
        boolean asked = "true".equalsIgnoreCase(System.getenv("BOOKING_REQUIRE_" + backend.toUpperCase(Locale.ROOT)));
        return asked || (ci() && requiredInCi);
    }

    /**
     * Ends the calling suite because its server is missing: fails it if it is
     * {@linkplain #required required}, else skips it with one line.
     *
     * @param backend      the backend's name
     * @param howToEnable  what to set or start so that the suite runs
     * @param requiredInCi whether {@code CI=true} alone makes it required
     * @return never returns normally; declared so callers can write {@code throw unavailable(...)}
     */
    public static AssertionError unavailable(String backend, String howToEnable, boolean requiredInCi) {
        String message = "no " + backend + " server for its test suite: " + howToEnable;
        if (required(backend, requiredInCi)) {
            Assertions.fail(message + " (the suite is required here: CI=true or BOOKING_REQUIRE_"
                    + backend.toUpperCase(Locale.ROOT) + "=true)");
        }
        announce(displayName(backend) + " suites skipped: " + howToEnable);
        Assumptions.abort("skipped: " + message);
        return new AssertionError("unreachable");
    }

    /**
     * Prints {@code booking: <what>} once per test JVM: a skip must be seen on the console, not only
     * in the test reports (Surefire shows a test's standard output on the console).
     */
    private static void announce(String what) {
        if (ANNOUNCED.add(what)) {
            System.out.println("booking: " + what);
        }
    }

    /** How people write the backend's name, e.g. {@code PostgreSQL} for {@code POSTGRESQL}. */
    private static String displayName(String backend) {
        return switch (backend.toUpperCase(Locale.ROOT)) {
            case "POSTGRESQL", "POSTGRES" -> "PostgreSQL";
            case "POSTGRES_HA" -> "PostgreSQL primary/standby";
            case "MARIADB" -> "MariaDB";
            case "GALERA" -> "Galera";
            case "MYSQL" -> "MySQL";
            case "MONGO", "MONGODB" -> "MongoDB";
            case "REDIS" -> "Redis";
            case "RABBITMQ" -> "RabbitMQ";
            default -> backend;
        };
    }

    /**
     * Ends the calling test because an environment variable it needs is not set: fails it with
     * {@code CI=true} (CI sets everything its tests need, so a gap there is a mistake), else skips
     * it with one line.
     *
     * @param variable    the variable that is not set
     * @param whatItHolds what the variable holds, e.g. {@code "a shell command that restarts the server"}
     * @return never returns normally; declared so callers can write {@code throw unset(...)}
     */
    public static AssertionError unset(String variable, String whatItHolds) {
        if (ci()) {
            Assertions.fail("CI=true but " + variable + " is not set; it holds " + whatItHolds);
        }
        announce("tests needing " + variable + " skipped: set it to " + whatItHolds + " to run them");
        Assumptions.abort("skipped: set " + variable + " to " + whatItHolds + " to run this");
        return new AssertionError("unreachable");
    }
}
