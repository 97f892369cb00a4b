package dev.booking.tck;

import dev.booking.core.ShowId;
import org.junit.jupiter.api.TestInfo;

import java.util.UUID;

/** Names the show each rule works on: unique, and telling which rule made it ({@code tck-rule7-<uuid>}). */
final class RuleShows {

    private RuleShows() {
    }

    /** A new show for the rule that {@code test} runs. */
    static ShowId forRule(TestInfo test) {
        String method = test.getTestMethod().map(m -> m.getName()).orElse("rule");
        String rule = method.contains("_") ? method.substring(0, method.indexOf('_')) : method;
        return ShowId.of("tck-" + rule + "-" + UUID.randomUUID());
    }
}
