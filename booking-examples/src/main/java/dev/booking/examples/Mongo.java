package dev.booking.examples;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import dev.booking.mongo.MongoSeatRepository;

/** The README's MongoDB set-up. */
public final class Mongo {

    private Mongo() {
    }

    /** A repository on the README's replica set; the caller owns the client and closes it. */
    public static MongoSeatRepository connect() {
        // sample:mongo
        MongoClient client = MongoClients.create("mongodb://db1,db2,db3/?replicaSet=rs0");
        MongoSeatRepository seats = MongoSeatRepository.builder(client).database("booking").collection("seats").build();
        seats.createIndexes();   // explicit: the unique {show: 1, seat: 1} index, reference, holdExpiresAt
        // end-sample:mongo
        return seats;
    }
}
