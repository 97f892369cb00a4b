/**
 * Helpers of the MongoDB adapter: the seat document shape, the filters and updates of every
 * conditional write, the store (collection and clock) with its shared reads, the all-or-nothing
 * group claim and confirmation, the validation of database and collection names, and the
 * classification of driver exceptions. Not public API: anything here may change without notice.
 */
package dev.booking.mongo.internal;
