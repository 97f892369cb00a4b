package dev.booking.jdbc.internal;

/**
 * The statements on the reference table, {@code <table>_reference}: one row per reference, written
 * by the first claim that succeeds under it and never changed or deleted, so that a reference names
 * one claim for good. Its primary key on {@code reference} is the constraint that keeps two
 * concurrent claims of different seats from both binding one reference.
 *
 * @param insertIfAbsent binds a reference unless it is bound (reference, show, owner, seats digest);
 *                       leaves an existing row as it is and does not fail on it (except on H2,
 *                       which may report the duplicate key of a concurrent insert)
 * @param read           the binding of a reference (reference); returns {@code show_id, owner_id,
 *                       seats_sha256}
 * @param lock           the same, locked until the transaction ends, reading the latest committed row
 */
public record ReferenceStatements(String insertIfAbsent, String read, String lock) {
}
