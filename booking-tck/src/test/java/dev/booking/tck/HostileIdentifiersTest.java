package dev.booking.tck;

import dev.booking.core.BookingReference;
import dev.booking.core.Identifier;
import dev.booking.core.SeatId;
import dev.booking.core.ShowId;
import dev.booking.core.UserId;
import dev.booking.tck.HostileIdentifiers.Case;
import dev.booking.tck.HostileIdentifiers.Category;
import dev.booking.tck.HostileIdentifiers.Sample;
import org.junit.jupiter.api.Test;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNoException;

/** The generator of rule 10: coverage, validity, replay by seed, and its own argument checks. */
class HostileIdentifiersTest {

    @Test
    void theCorpusHasEveryCategory() {
        Set<Category> seen = EnumSet.noneOf(Category.class);
        HostileIdentifiers.corpus().forEach(sample -> seen.add(sample.category()));

        assertThat(seen).containsExactlyInAnyOrder(Category.values());
    }

    @Test
    void everySampleIsAcceptedOrRejectedInEveryRoleAsItsCategorySays() {
        List<Sample> samples = new ArrayList<>(HostileIdentifiers.corpus());
        HostileIdentifiers generator = new HostileIdentifiers(7);
        for (Category category : Category.values()) {
            IntStream.range(0, 200).forEach(i -> samples.add(generator.next(category)));
        }

        for (Sample sample : samples) {
            String value = sample.value();
            List<Runnable> roles = List.of(() -> ShowId.of(value), () -> SeatId.of("show", value),
                    () -> UserId.of(value), () -> BookingReference.of(value));
            for (Runnable role : roles) {
                if (sample.valid()) {
                    assertThatNoException().as("%s", sample).isThrownBy(role::run);
                } else {
                    assertThatIllegalArgumentException().as("%s", sample).isThrownBy(role::run);
                }
            }
        }
    }

    @Test
    void randomSamplesCoverEveryCategoryAndValidOnesFitTheLimit() {
        for (long seed = 0; seed < 10; seed++) {
            HostileIdentifiers generator = new HostileIdentifiers(seed);
            Set<Category> seen = EnumSet.noneOf(Category.class);
            for (int i = 0; i < 3000; i++) {
                Sample sample = generator.next();
                seen.add(sample.category());
                if (sample.valid()) {
                    assertThat(sample.value().length()).as("%s", sample).isLessThanOrEqualTo(Identifier.MAX_LENGTH);
                }
            }
            assertThat(seen).as("categories from seed %d", seed).containsExactlyInAnyOrder(Category.values());
        }
    }

    @Test
    void theMaxLengthCategoryIsExactlyTheLimit() {
        HostileIdentifiers generator = new HostileIdentifiers(3);
        for (int i = 0; i < 500; i++) {
            assertThat(generator.next(Category.MAX_LENGTH).value()).hasSize(Identifier.MAX_LENGTH);
        }
    }

    @Test
    void theSameSeedGivesTheSameCasesAndAnotherSeedOthers() {
        assertThat(cases(42)).isEqualTo(cases(42));
        assertThat(cases(42)).isNotEqualTo(cases(43));
    }

    @Test
    void randomCasesPutSeatNumbersThatABrokenStoreWouldMergeIntoOneShow() {
        for (long seed = 1; seed <= 10; seed++) {
            List<Case> cases = cases(seed);
            assertThat(hasMergedPair(cases, n -> n.toLowerCase(Locale.ROOT))).as("case variants, seed %d", seed).isTrue();
            assertThat(hasMergedPair(cases, n -> n.replaceAll(" +$", ""))).as("trailing spaces, seed %d", seed).isTrue();
            assertThat(hasMergedPair(cases, n -> Normalizer.normalize(n, Normalizer.Form.NFC)))
                    .as("canonical equivalents, seed %d", seed).isTrue();
        }
    }

    @Test
    void escapingShowsWhatIsInvisibleAndShortensWhatIsLong() {
        assertThat(HostileIdentifiers.escape("A1 ")).isEqualTo("\"A1\\u0020\"");
        assertThat(HostileIdentifiers.escape("\u202Eevil\\")).isEqualTo("\"\\u202Eevil\\u005C\"");
        assertThat(HostileIdentifiers.escape("y".repeat(1 << 20))).endsWith("\"... (1048576 characters)")
                .hasSizeLessThan(200);
        assertThat(HostileIdentifiers.escape(null)).isEqualTo("null");
    }

    @Test
    void samplesAndCasesRejectBadArgumentsNamingTheField() {
        Sample plain = new Sample(Category.PRINTABLE_ASCII, "A1");

        assertThatIllegalArgumentException().isThrownBy(() -> new Sample(null, "A1"))
                .withMessageStartingWith("category must");
        assertThatIllegalArgumentException().isThrownBy(() -> new Sample(Category.QUOTES, null))
                .withMessageStartingWith("value must");
        assertThatIllegalArgumentException().isThrownBy(() -> new Sample(Category.QUOTES, "a\u0000b"))
                .withMessageStartingWith("value must be a valid identifier for QUOTES");
        assertThatIllegalArgumentException().isThrownBy(() -> new Sample(Category.BLANK, "A1"))
                .withMessageStartingWith("value must be an invalid identifier for BLANK");
        assertThatIllegalArgumentException().isThrownBy(() -> new Case(null, plain, plain, plain))
                .withMessageStartingWith("show must");
        assertThatIllegalArgumentException().isThrownBy(() -> new Case(plain, null, plain, plain))
                .withMessageStartingWith("seat must");
        assertThatIllegalArgumentException().isThrownBy(() -> new Case(plain, plain, null, plain))
                .withMessageStartingWith("user must");
        assertThatIllegalArgumentException().isThrownBy(() -> new Case(plain, plain, plain, null))
                .withMessageStartingWith("reference must");
        assertThatIllegalArgumentException().isThrownBy(() -> new HostileIdentifiers(1).next(null))
                .withMessageStartingWith("category must");
    }

    @Test
    void theSeedIsReadFromBookingTckSeedAndNamedWhenItIsNoNumber() {
        String before = System.getProperty("booking.tck.seed");
        try {
            System.setProperty("booking.tck.seed", " -42 ");
            assertThat(TckSettings.fromEnvironment().seed()).isEqualTo(-42L);

            System.setProperty("booking.tck.seed", "forty-two");
            assertThatIllegalArgumentException().isThrownBy(TckSettings::fromEnvironment)
                    .withMessageStartingWith("booking.tck.seed must be a whole number");
        } finally {
            if (before == null) {
                System.clearProperty("booking.tck.seed");
            } else {
                System.setProperty("booking.tck.seed", before);
            }
        }
    }

    private static List<Case> cases(long seed) {
        HostileIdentifiers generator = new HostileIdentifiers(seed);
        return IntStream.range(0, 300).mapToObj(i -> generator.nextCase()).toList();
    }

    /** Whether two different valid seat numbers of one show become one under {@code merge}. */
    private static boolean hasMergedPair(List<Case> cases, UnaryOperator<String> merge) {
        List<Case> stored = cases.stream().filter(c -> c.show().valid() && c.seat().valid()).toList();
        for (Case a : stored) {
            for (Case b : stored) {
                String x = a.seat().value();
                String y = b.seat().value();
                if (a.show().value().equals(b.show().value()) && !x.equals(y) && merge.apply(x).equals(merge.apply(y))) {
                    return true;
                }
            }
        }
        return false;
    }
}
