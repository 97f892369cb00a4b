/**
 * The demo application: a seat map for one show in the browser, a "Book" button that goes through
 * the starter's shared line (or straight to the repository when no line is configured) and shows
 * the ticket until its answer comes, a "1000 users at once" button that sends a simulated crowd
 * through the same line while the page counts winners, refusals and busy answers live, and a page
 * listing the {@code booking.*} meters. Every booking bean comes from
 * {@code booking-spring-boot-starter}; this package only adds the web layer and the simulation.
 */
package dev.booking.demo;
