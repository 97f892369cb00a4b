package dev.booking.bench.line;

import java.util.regex.Pattern;

/**
 * The broker of a line could not be reached or refused the line: thrown by {@link Brokers#open} and
 * {@link Brokers#connect} before anything was queued. The message is one line naming the broker
 * without its password; {@code ./race} prints it and exits with status 4, as for a store.
 */
public final class BrokerUnreachableException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** {@code user:password@} before the host. */
    private static final Pattern USER_INFO = Pattern.compile("//([^/@:]*):[^/@]*@");

    BrokerUnreachableException(BrokerKind kind, String url, Throwable cause) {
        super("could not connect to " + kind + (url == null ? "" : " at " + masked(url)) + ": "
                + masked(reason(cause)), cause);
    }

    /** {@code url} with the password of its user info replaced by {@code ***}. */
    public static String masked(String url) {
        return url == null ? null : USER_INFO.matcher(url).replaceAll("//$1:***@");
    }

    private static String reason(Throwable thrown) {
        String message = thrown.toString();
        for (Throwable t = thrown; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t.getMessage() != null && !t.getMessage().isBlank()) {
                message = t.getMessage();
                break; // the outermost message: the line module's own words name the line and the cause
            }
        }
        return message.replaceAll("\\s+", " ").trim();
    }
}
