package dev.booking.spring.boot;

import dev.booking.core.SeatRepository;
import dev.booking.micrometer.MeteredSeatRepository;

import org.springframework.util.ClassUtils;

/** Looks through {@link MeteredSeatRepository} without loading booking-micrometer when it is absent. */
final class MeteredRepositories {

    private MeteredRepositories() {
    }

    static boolean present() {
        return ClassUtils.isPresent("dev.booking.micrometer.MeteredSeatRepository",
                MeteredRepositories.class.getClassLoader());
    }

    static boolean isMetered(SeatRepository seats) {
        return seats instanceof MeteredSeatRepository;
    }

    static SeatRepository delegate(SeatRepository seats) {
        return ((MeteredSeatRepository) seats).delegate();
    }
}
