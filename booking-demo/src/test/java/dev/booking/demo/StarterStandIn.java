package dev.booking.demo;

import dev.booking.core.SeatRepository;
import dev.booking.jdbc.JdbcSeatRepository;
import dev.booking.queue.line.LineWorkers;
import dev.booking.queue.line.SharedLine;
import dev.booking.queue.line.memory.InMemoryLine;
import dev.booking.queue.line.spi.LineTransport;
import dev.booking.queue.redis.RedisLine;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import javax.sql.DataSource;
import java.net.URI;

/**
 * TEMPORARY, test sources only: the starter's beans (the frozen booking.* names, in-memory and Redis
 * lines) until branch starter is merged; deleted then. The application itself declares none.
 */
@Configuration
class StarterStandIn {

    @Bean
    SeatRepository seatRepository(DataSource dataSource) {
        JdbcSeatRepository seats = JdbcSeatRepository.builder(dataSource).build();
        seats.createSchema();
        return seats;
    }

    @Bean(destroyMethod = "close")
    LineTransport lineTransport(@Value("${booking.line.transport}") String transport,
                                @Value("${booking.line.capacity:10000}") long capacity,
                                @Value("${booking.line.partitions:4}") int partitions,
                                @Value("${booking.line.name:line}") String name,
                                @Value("${booking.line.redis.url:}") String redisUrl) {
        if (transport.equals("redis")) {
            return RedisLine.builder(URI.create(redisUrl)).name(name).partitions(partitions).capacity(capacity).build();
        }
        return InMemoryLine.builder().capacity(capacity).partitions(partitions).build();
    }

    @Bean
    SharedLine sharedLine(LineTransport transport) {
        return SharedLine.builder(transport).build();
    }

    @Bean(destroyMethod = "close")
    LineWorkers lineWorkers(LineTransport transport, SeatRepository seats,
                            @Value("${booking.line.workers.enabled:true}") boolean enabled) {
        LineWorkers workers = LineWorkers.builder(transport, seats).threads(2).build();
        return enabled ? workers.start() : workers;
    }
}
