package dev.booking.bench;

import com.mongodb.MongoException;

import java.sql.SQLException;
import java.util.regex.Pattern;

/**
 * The store could not be connected to (refused, unknown host, timed out, credentials rejected, no
 * driver for the URL): thrown by {@link SqlStore#open} and {@link MongoStore#open} before anything is
 * written. The message is one line that names the store without its password and gives the
 * driver's reason; {@code ./race} prints it and exits with status 4.
 */
public final class StoreUnreachableException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** {@code password=...} or {@code pwd=...} in a query string or property list. */
    private static final Pattern PASSWORD_PARAMETER = Pattern.compile("(?i)\\b(password|pwd)=[^&;]*");
    /** {@code user:password@} before the host. */
    private static final Pattern USER_INFO = Pattern.compile("//([^/@:]*):[^/@]*@");

    private StoreUnreachableException(String message, Throwable cause) {
        super(message, cause);
    }

    /**
     * The failure to connect to {@code where}.
     *
     * @param where    a JDBC URL or connection string, printed without its password
     * @param password a password given apart from the URL, removed from the driver's reason too; may be null
     * @param cause    what the driver or the pool threw
     */
    static StoreUnreachableException of(String where, String password, Throwable cause) {
        String reason = reason(cause);
        if (password != null && !password.isEmpty()) {
            reason = reason.replace(password, "***");
        }
        return new StoreUnreachableException("could not connect to " + withoutPassword(where) + ": "
                + withoutPassword(reason), cause);
    }

    /** {@code text} with the password of any URL in it replaced by {@code ***}. */
    static String withoutPassword(String text) {
        String masked = PASSWORD_PARAMETER.matcher(text).replaceAll("$1=***");
        return USER_INFO.matcher(masked).replaceAll("//$1:***@");
    }

    /**
     * The driver's own reason, one line: the message of the outermost {@link SQLException} or
     * {@link MongoException} in the chain (the pool and the library only wrap it, and what the driver
     * wraps in turn, a socket's "Connection refused", says less), else the innermost message.
     */
    private static String reason(Throwable thrown) {
        String message = thrown.toString();
        for (Throwable t = thrown; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if ((t instanceof SQLException || t instanceof MongoException) && t.getMessage() != null) {
                message = t.getMessage();
                break;
            }
            if (t.getMessage() != null && !t.getMessage().isBlank()) {
                message = t.getMessage();
            }
        }
        return message.replaceAll("\\s+", " ").trim();
    }
}
