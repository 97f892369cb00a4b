package dev.booking.core.spi;

import dev.booking.core.BookingReference;
import dev.booking.core.ClaimRequest;
import dev.booking.core.ClaimResult;
import dev.booking.core.SeatId;
import dev.booking.core.ShowId;
import dev.booking.core.UserId;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class ClaimIdentityTest {

    private static final ShowId SHOW = ShowId.of("show");
    private static final UserId ANN = UserId.of("ann");

    @Test
    void aHoldAndABookingOfTheSameSeatsInAnyOrderAreOneIdentity() {
        ClaimIdentity hold = ClaimIdentity.of(ClaimRequest.hold(SHOW, ANN, Duration.ofMinutes(5), "B2", "A1"));
        ClaimIdentity booking = ClaimIdentity.of(ClaimRequest.book(SHOW, ANN, "A1", "B2"));

        assertThat(hold).isEqualTo(booking);
        assertThat(hold.seats()).containsExactly(SHOW.seat("A1"), SHOW.seat("B2"));
        assertThat(hold.digest()).isEqualTo(booking.digest()).hasSize(64).matches("[0-9a-f]{64}");
    }

    @Test
    void theDigestsAreStableAcrossReleases() {
        ClaimIdentity identity = new ClaimIdentity(SHOW, ANN, List.of(SHOW.seat("A1")));

        // SHA-256 of: 4-byte lengths, then UTF-8; fixed here so that stored digests stay valid
        assertThat(identity.seatsDigest()).isEqualTo(sha256Hex(new byte[]{0, 0, 0, 1, 0, 0, 0, 2, 'A', '1'}));
        assertThat(identity.digest()).isEqualTo(sha256Hex(new byte[]{0, 0, 0, 4, 's', 'h', 'o', 'w', 0, 0, 0, 3,
                'a', 'n', 'n', 0, 0, 0, 1, 0, 0, 0, 2, 'A', '1'}));
    }

    @Test
    void lengthPrefixesKeepSplitsOfTheSameCharactersApart() {
        ClaimIdentity one = new ClaimIdentity(SHOW, ANN, List.of(SHOW.seat("A1"), SHOW.seat("2")));
        ClaimIdentity other = new ClaimIdentity(SHOW, ANN, List.of(SHOW.seat("A"), SHOW.seat("12")));
        ClaimIdentity showAndUser = new ClaimIdentity(ShowId.of("showa"), UserId.of("nn"), List.of(ShowId.of("showa").seat("A1")));
        ClaimIdentity sameSeatNumber = new ClaimIdentity(SHOW, ANN, List.of(SHOW.seat("A1")));

        assertThat(one.seatsDigest()).isNotEqualTo(other.seatsDigest());
        assertThat(showAndUser.digest()).isNotEqualTo(sameSeatNumber.digest());
        assertThat(showAndUser.seatsDigest()).isEqualTo(sameSeatNumber.seatsDigest());
    }

    @Test
    void seatsOfAnotherShowOrRepeatedAreRejectedNamingTheField() {
        SeatId elsewhere = SeatId.of("other", "A1");
        assertThatIllegalArgumentException().isThrownBy(() -> new ClaimIdentity(SHOW, ANN, List.of(elsewhere)))
                .withMessageContaining("seats");
        assertThatIllegalArgumentException().isThrownBy(() -> new ClaimIdentity(SHOW, ANN,
                List.of(SHOW.seat("A1"), SHOW.seat("A1")))).withMessageContaining("seats");
        assertThatIllegalArgumentException().isThrownBy(() -> new ClaimIdentity(SHOW, null, List.of(SHOW.seat("A1"))))
                .withMessageContaining("user");
    }

    @Test
    void aBoundReferenceRefusesEveryOtherClaimAndLetsTheSameOneGoAhead() {
        ClaimRequest request = ClaimRequest.book(SHOW, ANN, "A1").withReference(BookingReference.of("order-1"));
        Optional<ClaimIdentity> bound = Optional.of(ClaimIdentity.of(request));

        assertThat(SeatRules.boundToAnotherClaim(request, Optional.empty())).isEmpty();
        assertThat(SeatRules.boundToAnotherClaim(request, bound)).isEmpty();
        assertThat(SeatRules.boundToAnotherClaim(ClaimRequest.book(SHOW, ANN, "A2").withReference(request.reference()), bound))
                .contains(new ClaimResult.ReferenceInUse(request.reference()));
        assertThat(SeatRules.boundToAnotherClaim(ClaimRequest.book(SHOW, UserId.of("Ann"), "A1")
                .withReference(request.reference()), bound)).contains(new ClaimResult.ReferenceInUse(request.reference()));
    }

    private static String sha256Hex(byte[] bytes) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }
}
