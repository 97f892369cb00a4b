package dev.booking.jdbc.internal;

/**
 * The statements only a batch of claims runs ({@link BatchClaims}); with those of
 * {@link SeatStatements} and {@link ReferenceStatements} they decide a whole batch in a few round
 * trips. Each ends in a list of {@link SeatStatements#forSeats} placeholders, which is bound last.
 *
 * @param lockSeats     seats of one show, locked in seat order until the transaction ends (show,
 *                      seats...); returns the columns {@link SeatStatements} documents
 * @param readReferences every seat carrying one of the references, live or lapsed (references...)
 * @param readBindings  the bindings of the references, as read without a lock (references...);
 *                      returns {@code reference, show_id, owner_id, seats_sha256}
 * @param lockBindings  the same, locked until the transaction ends, in reference order, reading the
 *                      latest committed rows
 */
public record BatchStatements(String lockSeats, String readReferences, String readBindings, String lockBindings) {
}
