/**
 * Jepsen-style proof for seat repositories: {@link dev.booking.tck.history.History} records every
 * operation of a race with its real-time interval and outcome (ok, failed, or unknown when the
 * outcome is ambiguous), and {@link dev.booking.tck.history.LinearizabilityChecker} decides whether
 * some order of those operations, consistent with real time, is a legal run of one seat's
 * sequential model; if not, it prints a minimal counter-example.
 */
package dev.booking.tck.history;
