package dev.booking.spring.boot;

import com.mongodb.client.MongoClient;
import dev.booking.core.SeatRepository;
import dev.booking.core.outbox.spi.OutboxStore;
import dev.booking.mongo.MongoOutbox;
import dev.booking.mongo.MongoSeatRepository;

import org.springframework.beans.factory.ListableBeanFactory;

/** The MongoDB store's beans, built here so that booking-mongo's classes load only when it is chosen. */
final class MongoStores {

    private MongoStores() {
    }

    static SeatRepository repository(ListableBeanFactory beans, BookingProperties properties, OutboxStore outbox) {
        MongoSeatRepository.Builder builder = MongoSeatRepository.builder(beans.getBean(MongoClient.class))
                .database(properties.mongo().database())
                .collection(properties.mongo().collection());
        if (outbox != null) {
            if (!(outbox instanceof MongoOutbox mongoOutbox)) {
                throw new BookingConfigurationException("booking.outbox.enabled", "the store is mongo but the "
                        + "OutboxStore bean is a " + outbox.getClass().getName(),
                        "Define a MongoOutbox on the same MongoClient, or none and let the starter make it");
            }
            builder = builder.outbox(mongoOutbox);
        }
        MongoSeatRepository repository = builder.build();
        if (properties.mongo().createIndexes()) {
            repository.createIndexes();
        }
        return repository;
    }

    static OutboxStore outbox(ListableBeanFactory beans, BookingProperties properties) {
        MongoOutbox outbox = MongoOutbox.builder(beans.getBean(MongoClient.class))
                .database(properties.mongo().database())
                .build();
        if (properties.outbox().createSchema() || properties.mongo().createIndexes()) {
            outbox.createIndexes();
        }
        return outbox;
    }
}
