package dev.booking.tck.line;

import java.util.Set;

/** The kit's own line, unbroken, passes every rule: the broken ones fail for their flaw alone. */
class KitLineCompatibilityTest extends SharedLineContract {

    @Override
    protected LineFixture fixture() {
        return new KitLineFixture(Set.of());
    }
}
