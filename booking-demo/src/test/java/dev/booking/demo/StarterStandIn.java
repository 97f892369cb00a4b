package dev.booking.demo;

import dev.booking.core.SeatRepository;
import dev.booking.jdbc.JdbcSeatRepository;
import dev.booking.queue.line.LineWorkers;
import dev.booking.queue.line.SharedLine;
import dev.booking.queue.line.memory.InMemoryLine;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import javax.sql.DataSource;

/** TEMPORARY, test sources only: the starter's beans until branch starter is merged; deleted then. */
@Configuration
class StarterStandIn {

    @Bean
    SeatRepository seatRepository(DataSource dataSource) {
        JdbcSeatRepository seats = JdbcSeatRepository.builder(dataSource).build();
        seats.createSchema();
        return seats;
    }

    @Bean(destroyMethod = "close")
    InMemoryLine lineTransport(@Value("${booking.line.capacity:10000}") long capacity,
                               @Value("${booking.line.partitions:4}") int partitions) {
        return InMemoryLine.builder().capacity(capacity).partitions(partitions).build();
    }

    @Bean
    SharedLine sharedLine(InMemoryLine transport) {
        return SharedLine.builder(transport).build();
    }

    @Bean(destroyMethod = "close")
    LineWorkers lineWorkers(InMemoryLine transport, SeatRepository seats,
                            @Value("${booking.line.workers.enabled:true}") boolean enabled) {
        LineWorkers workers = LineWorkers.builder(transport, seats).threads(2).build();
        return enabled ? workers.start() : workers;
    }
}
