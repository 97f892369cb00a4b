package dev.booking.tck;

import dev.booking.core.SeatRepository;

import java.text.Normalizer;

/**
 * Rule 10 aimed at repositories that merge seat numbers a careless store would merge. Not run by
 * the build directly (the names are not test names); {@link KitCatchesBrokenRepositoriesTest} runs
 * them, like {@link CaseFoldingSubject}, and expects rule 10 to fail.
 */
final class HostileInputSubjects {

    private HostileInputSubjects() {
    }

    /** Drops trailing spaces, as a {@code CHAR} column or a PAD SPACE collation would: "A1 " is "A1". */
    static class TrimsTrailingSpaces extends HostileInputContract {
        private final SeatRepository repository = new RewritesSeatNumbersRepository(n -> n.replaceAll(" +$", ""));

        @Override
        protected SeatRepository repository() {
            return repository;
        }
    }

    /** Stores Unicode normalised to NFC: "cafe" and a combining acute (U+0301) become "caf" and U+00E9. */
    static class NormalisesUnicode extends HostileInputContract {
        private final SeatRepository repository =
                new RewritesSeatNumbersRepository(n -> Normalizer.normalize(n, Normalizer.Form.NFC));

        @Override
        protected SeatRepository repository() {
            return repository;
        }
    }
}
