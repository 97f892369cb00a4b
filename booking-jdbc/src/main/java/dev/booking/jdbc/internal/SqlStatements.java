package dev.booking.jdbc.internal;

/**
 * The statements a repository runs, built once per repository.
 *
 * @param claim          the conditional update (owner, show, seat); 1 row means this call won
 * @param readSeat       one seat (show, seat)
 * @param readShow       every seat of a show (show)
 * @param insertIfAbsent one empty seat unless it exists (show, seat)
 */
public record SqlStatements(String claim, String readSeat, String readShow, String insertIfAbsent) {
}
