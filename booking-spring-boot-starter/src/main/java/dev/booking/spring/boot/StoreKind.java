package dev.booking.spring.boot;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.util.ClassUtils;

import javax.sql.DataSource;

/** The store the starter settled on, from {@code booking.store} and the application's beans. */
enum StoreKind {
    JDBC, MONGO, MEMORY;

    private static final String MONGO_CLIENT = "com.mongodb.client.MongoClient";
    private static final String MONGO_REPOSITORY = "dev.booking.mongo.MongoSeatRepository";

    /**
     * The store for {@code choice}, given the beans the application has.
     *
     * @throws BookingConfigurationException naming {@code booking.store} when the store asked for
     *                                       (or, with auto, any store) is missing
     */
    static StoreKind resolve(BookingProperties.Store choice, ListableBeanFactory beans) {
        ClassLoader loader = StoreKind.class.getClassLoader();
        boolean dataSource = beans.getBeanNamesForType(DataSource.class, true, false).length > 0;
        boolean mongoModule = ClassUtils.isPresent(MONGO_REPOSITORY, loader) && ClassUtils.isPresent(MONGO_CLIENT, loader);
        boolean mongoClient = mongoModule
                && beans.getBeanNamesForType(ClassUtils.resolveClassName(MONGO_CLIENT, loader), true, false).length > 0;
        return switch (choice) {
            case MEMORY -> MEMORY;
            case JDBC -> {
                if (!dataSource) {
                    throw new BookingConfigurationException("booking.store", "is jdbc but there is no DataSource bean",
                            "Add spring-boot-starter-jdbc and a JDBC driver with spring.datasource.url, or define a "
                                    + "DataSource bean");
                }
                yield JDBC;
            }
            case MONGO -> {
                if (!mongoModule) {
                    throw new BookingConfigurationException("booking.store", "is mongo but booking-mongo is not on the "
                            + "class path", "Add the dependency dev.booking:booking-mongo");
                }
                if (!mongoClient) {
                    throw new BookingConfigurationException("booking.store", "is mongo but there is no MongoClient bean",
                            "Add spring-boot-starter-mongodb with spring.mongodb.uri, or define a MongoClient bean");
                }
                yield MONGO;
            }
            case AUTO -> {
                if (dataSource) {
                    yield JDBC;
                }
                if (mongoClient) {
                    yield MONGO;
                }
                throw new BookingConfigurationException("booking.store", "is auto but the application has neither a "
                        + "DataSource bean nor a MongoClient bean",
                        "Add spring-boot-starter-jdbc and a JDBC driver (e.g. com.h2database:h2 for a start), or "
                                + "spring-boot-starter-mongodb and dev.booking:booking-mongo; or set booking.store=memory "
                                + "for a store that keeps nothing");
            }
        };
    }
}
