/**
 * Test plumbing shared by the test suites of several modules, kept out of the published
 * compatibility kit: where a suite's server comes from (a URL in the environment, a Docker engine
 * for Testcontainers), and the rule that a suite without its server is skipped with one line, or
 * fails where it is required ({@code CI=true}, {@code BOOKING_REQUIRE_<BACKEND>=true}); the SQL
 * test databases ({@link dev.booking.testsupport.TestDatabase}); a second JVM to kill
 * ({@link dev.booking.testsupport.JvmProcess}); an SMTP server that answers what GreenMail cannot
 * ({@link dev.booking.testsupport.ScriptedSmtpServer}); and the
 * forwarding that the tests' recording and fault-injecting proxies share
 * ({@link dev.booking.testsupport.Proxies}). This
 * module is not published; only this project's own tests depend on it.
 */
package dev.booking.testsupport;
