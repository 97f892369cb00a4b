package dev.booking.bench.perf;

/** What a caller was told, reduced to what the integrity check needs. */
enum Answer {
    /** "You got the seat." */
    WON,
    /** "Sorry, taken." */
    LOST,
    /** Anything else, such as "no such seat": never expected here, so it is reported. */
    OTHER
}
