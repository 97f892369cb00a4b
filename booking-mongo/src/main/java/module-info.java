/**
 * The booking contract on MongoDB through the synchronous Java driver. Only
 * {@code dev.booking.mongo} is API; {@code dev.booking.mongo.internal} stays inside.
 */
module dev.booking.mongo {
    requires transitive dev.booking.core;
    // the builder takes the application's MongoClient and its concerns
    requires transitive org.mongodb.driver.sync.client;
    requires transitive org.mongodb.driver.core;
    requires transitive org.mongodb.bson;
    requires org.slf4j;

    exports dev.booking.mongo;
}
