/**
 * Helpers of the MongoDB adapter: the seat document shape, the validation of database and
 * collection names, and the classification of driver exceptions. Not public API: anything here may
 * change without notice.
 */
package dev.booking.mongo.internal;
