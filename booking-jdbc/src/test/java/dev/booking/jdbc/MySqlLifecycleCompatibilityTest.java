package dev.booking.jdbc;

import org.junit.jupiter.api.Tag;

/**
 * The lifecycle rules of the compatibility kit on MySQL with the library's defaults. Tagged
 * {@code optional-server}: it is part of the build only where a MySQL server can be reached (see
 * the parent pom's profiles).
 */
@Tag("optional-server")
class MySqlLifecycleCompatibilityTest extends JdbcLifecycleCompatibilitySuite {

    @Override
    TestDatabase database() {
        return TestDatabase.MYSQL;
    }
}
