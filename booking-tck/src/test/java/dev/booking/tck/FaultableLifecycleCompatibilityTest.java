package dev.booking.tck;

/**
 * The reference implementation behind a fault hook that reports every fault correctly passes the
 * lifecycle rules, 25 and 26 included.
 */
class FaultableLifecycleCompatibilityTest extends FaultSubjects.Faultable {

    FaultableLifecycleCompatibilityTest() {
        super(FaultableSeatRepository.Handling.CORRECT);
    }
}
