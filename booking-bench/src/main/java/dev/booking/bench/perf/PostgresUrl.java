package dev.booking.bench.perf;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * The connection parameters pgbench needs, read from a PostgreSQL JDBC URL of the form
 * {@code jdbc:postgresql://host[:port]/database?user=U&password=P}.
 *
 * @param host     the host
 * @param port     the port, 5432 if absent
 * @param database the database
 * @param user     the user, or null
 * @param password the password, or null
 */
record PostgresUrl(String host, int port, String database, String user, String password) {

    private static final String PREFIX = "jdbc:postgresql://";

    /**
     * Parses a single-host URL.
     *
     * @throws IllegalArgumentException if the URL is not of that form (several hosts, for instance)
     */
    static PostgresUrl parse(String jdbcUrl) {
        if (jdbcUrl == null || !jdbcUrl.startsWith(PREFIX) || jdbcUrl.substring(PREFIX.length()).contains(",")) {
            throw new IllegalArgumentException("not a single-host jdbc:postgresql:// URL");
        }
        URI uri = URI.create(jdbcUrl.substring("jdbc:".length()));
        if (uri.getHost() == null || uri.getPath() == null || uri.getPath().length() < 2) {
            throw new IllegalArgumentException("the PostgreSQL URL needs a host and a database");
        }
        Map<String, String> query = new HashMap<>();
        if (uri.getRawQuery() != null) {
            for (String pair : uri.getRawQuery().split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    query.put(decode(pair.substring(0, eq)), decode(pair.substring(eq + 1)));
                }
            }
        }
        return new PostgresUrl(uri.getHost(), uri.getPort() < 0 ? 5432 : uri.getPort(), uri.getPath().substring(1),
                query.get("user"), query.get("password"));
    }

    private static String decode(String value) {
        return URLDecoder.decode(value, StandardCharsets.UTF_8);
    }

    /** Never shows the password. */
    @Override
    public String toString() {
        return "postgresql://" + (user == null ? "" : user + "@") + host + ":" + port + "/" + database;
    }
}
