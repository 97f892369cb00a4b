/**
 * The SQL of each database and the classification of its errors. Not public API: anything here may
 * change without notice.
 */
package dev.booking.jdbc.internal;
