/**
 * Helpers shared by the booking modules. Not public API: anything here may change without notice.
 */
package dev.booking.core.internal;
