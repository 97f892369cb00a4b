package dev.booking.tck.line;

/**
 * The rules every shared line must follow, run against a broker module through its
 * {@link LineFixture}. (The rules arrive in the next commits.)
 */
public abstract class SharedLineContract {

    /** For subclasses. */
    protected SharedLineContract() {
    }

    /**
     * The fixture of the line under test; called once per test class.
     *
     * @return the fixture, closed by the kit after the class's rules
     */
    protected abstract LineFixture fixture();
}
