package dev.booking.spring.boot;

import dev.booking.core.SeatRepository;

/** Wraps the starter's repository before it becomes the bean (the metrics wrap it so). Stateless. */
@FunctionalInterface
interface RepositoryDecorator {

    SeatRepository decorate(SeatRepository repository);
}
