package dev.booking.notify.it;

import dev.booking.testsupport.TestDatabase;

/** The notifications end to end on MariaDB: skipped without a server, failed so under {@code CI=true}. */
class MariaDbNotificationsTest extends NotificationsContract {

    @Override
    protected StoreSpec.Kind kind() {
        return StoreSpec.Kind.SQL;
    }

    @Override
    protected String url() {
        return TestDatabase.MARIADB.jdbcUrl();
    }
}
