package dev.booking.jdbc.internal;

import java.sql.SQLException;

/**
 * Carries a {@link SQLException} of a plain JDBC call out of a Jdbi callback, where checked
 * exceptions cannot pass, to the repository, which classifies it with {@link FailureTranslator}.
 */
public final class SqlFailure extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** Wraps {@code cause}. */
    public SqlFailure(SQLException cause) {
        super(cause);
    }
}
