package dev.booking.tck;

import dev.booking.core.Identifier;
import dev.booking.core.UserId;
import dev.booking.core.spi.Arguments;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.function.Supplier;

/**
 * The identifiers of rule 10 ({@link HostileInputContract}): a fixed {@linkplain #corpus() corpus}
 * of strings known to break stores, plus random ones drawn from a {@link Random} with a given seed,
 * so that a run, failure included, can be replayed exactly by setting the same seed
 * ({@link TckSettings#seed()}).
 *
 * <p>Why it is written here rather than taken from a property-testing library: the kit is a jar that
 * adapters run from their own builds, so it depends on JUnit 5 alone (jqwik was dropped, honouring its
 * maintainers' request that AI agents not use it), and a fixed corpus plus a printed seed finds and
 * replays what a property run did. {@link Random} is used because its sequence for a seed is fixed by
 * its specification, so a seed replays on any JVM.
 *
 * <p>Every {@link Sample} is checked against the rules of {@link Identifier} when it is made: one of
 * a {@linkplain Category#valid() valid} category is always accepted, so it must be stored verbatim,
 * and one of an invalid category is always rejected. Not thread-safe: one generator per run.
 */
public final class HostileIdentifiers {

    /** The show half of the random cases share, so that the variants of one seat number meet there. */
    private static final String RANDOM_SHOW = "tck-rule10-random";

    /** Shown of a long value in names and messages; the rest is counted, not printed. */
    private static final int SHOWN_CHARS = 160;

    private static final List<Sample> CORPUS = buildCorpus();

    private final long seed;
    private final Random random;
    private final List<Sample> recentShows = new ArrayList<>();
    private final List<Sample> recentUsers = new ArrayList<>();
    private final List<Sample> recentReferences = new ArrayList<>();

    /**
     * A generator whose every random choice follows from {@code seed}.
     *
     * @param seed the seed; the same seed gives the same samples and cases in the same order
     */
    public HostileIdentifiers(long seed) {
        this.seed = seed;
        this.random = new Random(seed);
    }

    /** The seed this generator was made with. */
    public long seed() {
        return seed;
    }

    /** The classes of hostile input, each either always accepted as an identifier or always rejected. */
    public enum Category {
        /** Single, double, back and typographic quotes, as in {@code ' OR '1'='1}. */
        QUOTES(true),
        /** SQL comments: {@code --}, {@code #} and slash-star block comments. */
        SQL_COMMENTS(true),
        /** Statements smuggled into a value: {@code '; DROP TABLE booking_seat; --}. */
        SQL_INJECTION(true),
        /** Pattern wildcards of {@code LIKE} and friends: {@code %}, {@code _}, {@code [^a]}. */
        LIKE_WILDCARDS(true),
        /** Escape characters: a backslash alone, before a quote, before a zero. */
        BACKSLASHES(true),
        /** Bind and template placeholders: {@code ?}, {@code :user}, {@code ${table}}, {@code %s}. */
        PLACEHOLDERS(true),
        /** MongoDB operators and operator documents: {@code $gt}, {@code $where}, {@code {"$ne": 1}}. */
        MONGO_OPERATORS(true),
        /** Dotted keys, which MongoDB would read as paths: {@code a.b.c}, {@code .}. */
        DOTS(true),
        /** Right-to-left text and bidirectional controls such as U+202E and U+200F. */
        RIGHT_TO_LEFT(true),
        /** Zero-width characters, byte order marks and soft hyphens, such as U+200B and U+FEFF. */
        INVISIBLE(true),
        /** Characters outside the Basic Multilingual Plane (surrogate pairs): emoji, flags, CJK extension B. */
        SUPPLEMENTARY(true),
        /**
         * Canonically equivalent spellings, which a normalising store would merge: a precomposed
         * {@code é} and {@code e} with a combining accent, {@code K} and the Kelvin sign U+212A,
         * combining marks in either order.
         */
        CANONICAL_EQUIVALENTS(true),
        /** The same letters in another case, which a case-folding store would merge: {@code A1}, {@code a1}. */
        CASE_VARIANTS(true),
        /** Leading, trailing, doubled and non-breaking spaces, which a trimming store would merge. */
        SPACE_VARIANTS(true),
        /** Exactly {@value Identifier#MAX_LENGTH} UTF-16 characters, accents and surrogate pairs included. */
        MAX_LENGTH(true),
        /** Any printable ASCII text. */
        PRINTABLE_ASCII(true),
        /** Any allowed code point: unassigned, private use, noncharacters such as U+FFFF. */
        ANY_UNICODE(true),
        /** ISO control characters: NUL, tab, line breaks, DEL, U+0085 (rejected). */
        CONTROL_CHARACTERS(false),
        /** Lone or reversed surrogates, which have no UTF-8 form (rejected). */
        UNPAIRED_SURROGATES(false),
        /** Empty, or only whitespace such as U+2028 and U+3000 (rejected). */
        BLANK(false),
        /** Longer than {@value Identifier#MAX_LENGTH} UTF-16 characters, up to a megabyte (rejected). */
        TOO_LONG(false);

        private final boolean valid;

        Category(boolean valid) {
            this.valid = valid;
        }

        /** Whether identifiers of this category are valid, so must be stored verbatim rather than rejected. */
        public boolean valid() {
            return valid;
        }
    }

    /**
     * One hostile identifier and its category.
     *
     * @param category what kind of hostile input it is
     * @param value    the identifier; valid exactly when the category is
     */
    public record Sample(Category category, String value) {

        /** Checks that {@code value} is valid exactly when {@code category} says so. */
        public Sample {
            Arguments.requirePresent("category", category);
            Arguments.requirePresent("value", value);
            if (isIdentifier(value) != category.valid()) {
                throw new IllegalArgumentException("value must be " + (category.valid() ? "a valid" : "an invalid")
                        + " identifier for " + category + ", was " + escape(value));
            }
        }

        /** Whether the identifier is valid, so must be stored verbatim. */
        public boolean valid() {
            return category.valid();
        }

        /** The category and the value, escaped and shortened as in {@link #escape(String)}. */
        @Override
        public String toString() {
            return category + " " + escape(value);
        }
    }

    /**
     * What one step of rule 10 sends: a show, a seat number, a user and a booking reference.
     *
     * @param show      the show
     * @param seat      the seat number
     * @param user      the user who books the seat and then holds it
     * @param reference the reference the hold is claimed under
     */
    public record Case(Sample show, Sample seat, Sample user, Sample reference) {

        /** Checks that every part is present. */
        public Case {
            Arguments.requirePresent("show", show);
            Arguments.requirePresent("seat", seat);
            Arguments.requirePresent("user", user);
            Arguments.requirePresent("reference", reference);
        }

        /** Each part with its category, escaped. */
        @Override
        public String toString() {
            return "show=" + show + ", seat=" + seat + ", user=" + user + ", reference=" + reference;
        }
    }

    /**
     * The fixed corpus: at least one sample of every {@link Category}, in the order of the
     * categories. It includes pairs a broken store would merge ({@code A1}, {@code a1} and
     * {@code A1 }; {@code café} spelled precomposed and with a combining accent).
     */
    public static List<Sample> corpus() {
        return CORPUS;
    }

    /**
     * {@code value} with everything but printable ASCII written as {@code \}{@code uXXXX}, a
     * backslash and a space included, so that invisible, right-to-left and trailing characters show,
     * in double quotes. Beyond 160 characters the rest is only counted.
     */
    public static String escape(String value) {
        return escape(value, SHOWN_CHARS);
    }

    /** Like {@link #escape(String)}, showing at most {@code limit} characters. */
    static String escape(String value, int limit) {
        if (value == null) {
            return "null";
        }
        StringBuilder escaped = new StringBuilder("\"");
        int shown = Math.min(value.length(), limit);
        for (int i = 0; i < shown; i++) {
            char c = value.charAt(i);
            if (c > ' ' && c < 0x7F && c != '\\') {
                escaped.append(c);
            } else {
                escaped.append(String.format("\\u%04X", (int) c));
            }
        }
        escaped.append('"');
        if (value.length() > shown) {
            escaped.append("... (").append(value.length()).append(" characters)");
        }
        return escaped.toString();
    }

    /** A random sample: one of the corpus at times, else a new one of a random category. */
    public Sample next() {
        if (random.nextInt(4) == 0) {
            return CORPUS.get(random.nextInt(CORPUS.size()));
        }
        Category[] categories = Category.values();
        return next(categories[random.nextInt(categories.length)]);
    }

    /** A new random sample of {@code category}. */
    public Sample next(Category category) {
        Arguments.requirePresent("category", category);
        return new Sample(category, switch (category) {
            case QUOTES -> joined(1, 4, () -> pick(word(), "'", "\"", "`", "''", "O'Brien", "\\\"", "'" + word() + "'",
                    "\"" + word() + "\"", "\u2018", "\u2019", "\u201C", "\u201D", "\uFF07"));
            case SQL_COMMENTS -> joined(1, 4, () -> pick(word(), "--", " -- ", "/*", "*/", "/* " + word() + " */", "#", ";"));
            case SQL_INJECTION -> pick("'; DROP TABLE " + word() + "; --", "' OR '1'='1", "' OR 1=1 --",
                    "1; DELETE FROM " + word(), "' UNION SELECT " + word() + " FROM " + word() + " --",
                    "'); TRUNCATE TABLE " + word() + "; --", "\"; UPDATE " + word() + " SET owner_id = NULL; --",
                    "' AND SLEEP(5) --", "'||pg_sleep(5)--", word() + "'; COMMIT; --");
            case LIKE_WILDCARDS -> joined(1, 6, () -> pick("%", "_", "[", "]", "[^a]", "*", word()));
            case BACKSLASHES -> joined(1, 4, () -> pick("\\", "\\'", "\\\"", "\\0", "\\n", "\\\\", "\\x00", "\\u0000",
                    "\\%", word()));
            case PLACEHOLDERS -> joined(1, 3, () -> pick("?", "?" + random.nextInt(10), ":" + word(), "${" + word() + "}",
                    "#{" + word() + "}", "$1", "%s", "%d", "{0}", "@" + word(), "{{" + word() + "}}"));
            case MONGO_OPERATORS -> mongoOperator();
            case DOTS -> joined(1, 5, () -> pick(word(), ".", "..", "$.", "." + word()));
            case RIGHT_TO_LEFT -> bidiControl() + joined(0, 4, () -> pick(word(), hebrew(), arabic(), bidiControl()));
            case INVISIBLE -> invisible() + joined(0, 4, () -> pick(word(), invisible()));
            case SUPPLEMENTARY -> supplementary();
            case CANONICAL_EQUIVALENTS -> canonicalEquivalent();
            case CASE_VARIANTS -> caseVariant();
            case SPACE_VARIANTS -> spaceVariant();
            case MAX_LENGTH -> maxLength();
            case PRINTABLE_ASCII -> printableAscii(1 + random.nextInt(pick(8, 32, Identifier.MAX_LENGTH)));
            case ANY_UNICODE -> anyUnicode();
            case CONTROL_CHARACTERS -> withControlCharacters();
            case UNPAIRED_SURROGATES -> withUnpairedSurrogate();
            case BLANK -> blank();
            case TOO_LONG -> tooLong();
        });
    }

    /**
     * A random case. Half of the cases use one shared show, and a quarter of the seat numbers are case,
     * space or Unicode variants of a few words, so that the variants of one seat number meet there;
     * users and references are sometimes ones used before, so that seats are taken, already yours or
     * claimed under a reference in use.
     */
    public Case nextCase() {
        Sample show = random.nextBoolean() ? new Sample(Category.PRINTABLE_ASCII, RANDOM_SHOW)
                : recentOr(recentShows);
        Sample seat = random.nextInt(4) == 0
                ? next(pick(Category.CASE_VARIANTS, Category.SPACE_VARIANTS, Category.CANONICAL_EQUIVALENTS))
                : next();
        Sample user = random.nextInt(4) == 0 ? recentOr(recentUsers) : remember(next(), recentUsers);
        Sample reference = random.nextInt(8) == 0 ? recentOr(recentReferences) : remember(next(), recentReferences);
        return new Case(show, seat, user, reference);
    }

    private Sample recentOr(List<Sample> recent) {
        if (recent.isEmpty() || random.nextBoolean()) {
            return remember(next(), recent);
        }
        return recent.get(random.nextInt(recent.size()));
    }

    private static Sample remember(Sample sample, List<Sample> recent) {
        if (sample.valid()) {
            recent.add(sample);
            if (recent.size() > 8) {
                recent.remove(0);
            }
        }
        return sample;
    }

    private static boolean isIdentifier(String value) {
        try {
            new UserId(value); // the rules of Identifier, as the core applies them to every identifier
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    // ---- random pieces ----

    @SafeVarargs
    private <T> T pick(T... options) {
        return options[random.nextInt(options.length)];
    }

    /** Between {@code min} and {@code max} pieces, each non-blank unless {@code min} is 0 and none is drawn. */
    private String joined(int min, int max, Supplier<String> piece) {
        StringBuilder joined = new StringBuilder();
        int count = min + random.nextInt(max - min + 1);
        for (int i = 0; i < count; i++) {
            joined.append(piece.get());
        }
        return fit(joined.toString());
    }

    /** Cuts to the maximum length without splitting a surrogate pair. */
    private static String fit(String value) {
        if (value.length() <= Identifier.MAX_LENGTH) {
            return value;
        }
        int end = Identifier.MAX_LENGTH;
        if (Character.isHighSurrogate(value.charAt(end - 1))) {
            end--;
        }
        return value.substring(0, end);
    }

    private String word() {
        String letters = "abcdefghijklmnopqrstuvwxyz0123456789_-";
        StringBuilder word = new StringBuilder();
        int length = 1 + random.nextInt(8);
        for (int i = 0; i < length; i++) {
            word.append(letters.charAt(random.nextInt(letters.length())));
        }
        return word.toString();
    }

    private String mongoOperator() {
        String op = pick("gt", "gte", "lt", "ne", "eq", "in", "nin", "where", "regex", "expr", "exists", "or", "and",
                "not", "set", "unset", "function", "jsonSchema");
        return pick("$" + op, "{\"$" + op + "\": \"\"}", "{\"$" + op + "\": 1}", "{$" + op + ": " + word() + "}",
                word() + "[$" + op + "]", "$", "$$NOW", "$$ROOT", "$" + op + "." + word());
    }

    private String bidiControl() {
        return pick("\u202A", "\u202B", "\u202C", "\u202D", "\u202E", "\u2066", "\u2067", "\u2068", "\u2069",
                "\u200E", "\u200F", "\u061C");
    }

    private String hebrew() {
        return letters(0x05D0, 0x05EA);
    }

    private String arabic() {
        return letters(0x0627, 0x064A);
    }

    private String letters(int first, int last) {
        StringBuilder letters = new StringBuilder();
        int length = 1 + random.nextInt(5);
        for (int i = 0; i < length; i++) {
            letters.append((char) (first + random.nextInt(last - first + 1)));
        }
        return letters.toString();
    }

    private String invisible() {
        return pick("\u200B", "\u200C", "\u200D", "\u2060", "\uFEFF", "\u00AD", "\u034F", "\u2062");
    }

    private String supplementary() {
        StringBuilder text = new StringBuilder();
        int count = 1 + random.nextInt(6);
        for (int i = 0; i < count; i++) {
            switch (random.nextInt(8)) {
                case 0 -> text.appendCodePoint(between(0x1F300, 0x1F64F)); // emoji
                case 1 -> text.appendCodePoint(between(0x1F900, 0x1F9FF));
                case 2 -> text.appendCodePoint(between(0x1D400, 0x1D7FF)); // mathematical letters
                case 3 -> text.appendCodePoint(between(0x20000, 0x2A6DF)); // CJK extension B
                case 4 -> text.appendCodePoint(between(0xF0000, 0x10FFFD)); // private use planes
                case 5 -> text.appendCodePoint(between(0x1F1E6, 0x1F1FF)).appendCodePoint(between(0x1F1E6, 0x1F1FF));
                case 6 -> text.append("\uD83D\uDC69\u200D\uD83D\uDC69\u200D\uD83D\uDC67"); // a ZWJ sequence
                default -> text.append(word());
            }
        }
        if (text.codePoints().allMatch(Character::isBmpCodePoint)) {
            text.appendCodePoint(0x1F3AD);
        }
        return fit(text.toString());
    }

    private int between(int first, int last) {
        return first + random.nextInt(last - first + 1);
    }

    /** Words from a small set, so that equivalent spellings of one word meet often. */
    private String canonicalEquivalent() {
        String word = pick("caf\u00E9", "\u00C5ngstr\u00F6m", "na\u00EFve", "\u00F1and\u00FA", "K1", "\u03A9hm",
                "\u1EC7", "a\u0323\u0301", "\u01D8");
        return switch (random.nextInt(5)) {
            case 0 -> Normalizer.normalize(word, Normalizer.Form.NFC);
            case 1 -> Normalizer.normalize(word, Normalizer.Form.NFD);
            case 2 -> word.replace("K", "\u212A").replace("\u00C5", "\u212B").replace("\u03A9", "\u2126");
            case 3 -> word.replace("\u0323\u0301", "\u0301\u0323");
            default -> word;
        };
    }

    /** Words from a small set, so that case variants of one word meet often. */
    private String caseVariant() {
        String word = pick("A1", "row-b", "stra\u00DFe", "Istanbul", "\u01C4emal", "\u03A3\u03BF\u03C6\u03AF\u03B1");
        return switch (random.nextInt(4)) {
            case 0 -> word.toUpperCase(Locale.ROOT);
            case 1 -> word.toLowerCase(Locale.ROOT);
            case 2 -> word;
            default -> {
                StringBuilder mixed = new StringBuilder();
                word.codePoints().forEach(c -> mixed.appendCodePoint(random.nextBoolean()
                        ? Character.toUpperCase(c) : Character.toLowerCase(c)));
                yield mixed.toString();
            }
        };
    }

    /** Words from a small set with spaces around or inside, so that variants of one word meet often. */
    private String spaceVariant() {
        String word = pick("A1", "row b", "x");
        String before = random.nextInt(3) == 0 ? space() : "";
        String after = random.nextInt(3) == 0 ? "" : space();
        String inside = random.nextInt(4) == 0 ? word.replace(" ", "  ") : word;
        return before + inside + after;
    }

    private String space() {
        return random.nextBoolean() ? pick(" ", "  ")
                : pick("\u00A0", "\u2007", "\u202F", "\u3000", "\u2003", "\u1680");
    }

    private String maxLength() {
        StringBuilder text = new StringBuilder().append((char) between('a', 'z'));
        while (text.length() < Identifier.MAX_LENGTH) {
            int room = Identifier.MAX_LENGTH - text.length();
            switch (random.nextInt(room >= 2 ? 5 : 4)) {
                case 0 -> text.append((char) between(0x21, 0x7E));
                case 1 -> text.append(pick("\u00E9", "\u03A9", "\u4E2D", "\u0301", "\u202E", "\u200B", "\u00A0"));
                case 2 -> text.append(' ');
                case 3 -> text.append((char) between('A', 'Z'));
                default -> text.appendCodePoint(between(0x1F300, 0x1F64F));
            }
        }
        return text.toString();
    }

    private String printableAscii(int length) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < length; i++) {
            text.append((char) between(0x20, 0x7E));
        }
        if (text.toString().isBlank()) {
            text.setCharAt(0, (char) between(0x21, 0x7E));
        }
        return text.toString();
    }

    private String anyUnicode() {
        StringBuilder text = new StringBuilder();
        int count = 1 + random.nextInt(40);
        for (int i = 0; i < count; i++) {
            int c = switch (random.nextInt(6)) {
                case 0, 1 -> between(0xA0, 0xFFFF);
                case 2, 3 -> between(0x20, 0x10FFFF);
                case 4 -> pick(0xFFFE, 0xFFFF, 0xFFFD, between(0xFDD0, 0xFDEF), between(0xE000, 0xF8FF), 0x10FFFF);
                default -> between(0x20, 0x7E);
            };
            if (Character.isISOControl(c) || (c >= Character.MIN_SURROGATE && c <= Character.MAX_SURROGATE)) {
                continue;
            }
            if (text.length() + Character.charCount(c) > Identifier.MAX_LENGTH) {
                break;
            }
            text.appendCodePoint(c);
        }
        if (text.toString().isBlank()) {
            text.append((char) between('a', 'z'));
        }
        return text.toString();
    }

    private String withControlCharacters() {
        StringBuilder text = new StringBuilder(printableAscii(1 + random.nextInt(20)));
        int count = 1 + random.nextInt(3);
        for (int i = 0; i < count; i++) {
            char control = random.nextBoolean() ? (char) between(0x00, 0x1F) : (char) between(0x7F, 0x9F);
            text.insert(random.nextInt(text.length() + 1), control);
        }
        return text.toString();
    }

    private String withUnpairedSurrogate() {
        String text = printableAscii(1 + random.nextInt(20)); // ASCII, so nothing can pair by accident
        char high = (char) between(Character.MIN_HIGH_SURROGATE, Character.MAX_HIGH_SURROGATE);
        char low = (char) between(Character.MIN_LOW_SURROGATE, Character.MAX_LOW_SURROGATE);
        int at = random.nextInt(text.length() + 1);
        return switch (random.nextInt(5)) {
            case 0 -> text + high;
            case 1 -> low + text;
            case 2 -> text.substring(0, at) + high + "x" + text.substring(at);
            case 3 -> text.substring(0, at) + low + text.substring(at);
            default -> text.substring(0, at) + low + high + text.substring(at); // a pair the wrong way round
        };
    }

    private String blank() {
        if (random.nextInt(6) == 0) {
            return "";
        }
        StringBuilder text = new StringBuilder();
        int count = 1 + random.nextInt(6);
        for (int i = 0; i < count; i++) {
            text.append(pick(' ', '\u2028', '\u2029', (char) between(0x2000, 0x2006), '\u2008', '\u2009', '\u200A',
                    '\u205F', '\u3000', '\u1680'));
        }
        return text.toString();
    }

    private String tooLong() {
        int length = Identifier.MAX_LENGTH + 1 + random.nextInt(32);
        return switch (random.nextInt(20)) {
            case 0 -> "y".repeat(1 << 20);
            case 1, 2, 3, 4, 5 -> "\u00E9".repeat(length);
            case 6, 7, 8, 9, 10 -> "\uD83C\uDFAD".repeat(length / 2 + 1);
            default -> printableAscii(length);
        };
    }

    // ---- the corpus ----

    private static List<Sample> buildCorpus() {
        List<Sample> corpus = new ArrayList<>();
        add(corpus, Category.QUOTES, "' OR '1'='1", "`backtick`", "O'Brien", "\"quoted\"", "\u2019smart\u2019");
        add(corpus, Category.SQL_COMMENTS, "/* comment */", "--", "# hash", "x;--");
        add(corpus, Category.SQL_INJECTION, "'; DROP TABLE booking_seat; --", "\"; DELETE FROM x; --", "1 OR 1=1");
        add(corpus, Category.LIKE_WILDCARDS, "%", "_", "[^a]%");
        add(corpus, Category.BACKSLASHES, "\\", "\\'", "\\0");
        add(corpus, Category.PLACEHOLDERS, "?", ":user", "${table}", "%s");
        add(corpus, Category.MONGO_OPERATORS, "{\"$gt\": \"\"}", "$where", "$ne", "$", "$$NOW");
        add(corpus, Category.DOTS, "a.b.c", ".", "..");
        add(corpus, Category.RIGHT_TO_LEFT, "\u202Eevil\u202C", "\u200Fabc", "\u05E9\u05DC\u05D5\u05DD");
        add(corpus, Category.INVISIBLE, "\u200B", "\uFEFFbom", "a\u00ADb", "\u200D");
        add(corpus, Category.SUPPLEMENTARY, "\uD83C\uDFAD", "\uD83D\uDC69\u200D\uD83D\uDC69\u200D\uD83D\uDC67",
                "\uD835\uDC00", "\uD83C\uDDFA\uD83C\uDDE6");
        add(corpus, Category.CANONICAL_EQUIVALENTS, "caf\u00E9", "cafe\u0301", "K", "\u212A", "\u00C5", "A\u030A",
                "\u212B", "a\u0301\u0323", "a\u0323\u0301");
        add(corpus, Category.CASE_VARIANTS, "A1", "a1", "stra\u00DFe", "STRASSE", "\u0130", "i\u0307");
        add(corpus, Category.SPACE_VARIANTS, "A1 ", " A1", "A1  ", "A1\u00A0", "A1\u3000", "A 1", "A  1");
        add(corpus, Category.MAX_LENGTH, "x".repeat(Identifier.MAX_LENGTH), "\u00E9".repeat(Identifier.MAX_LENGTH),
                "\uD83C\uDFAD".repeat(Identifier.MAX_LENGTH / 2));
        add(corpus, Category.PRINTABLE_ASCII, "!#$&()*+,-/:;<=>@[]^{|}~", "A");
        add(corpus, Category.ANY_UNICODE, "\uFFFE\uFFFF", "\uE000", "\uFFFD", "\uDBFF\uDFFF", "\u4E2D\u6587");
        add(corpus, Category.CONTROL_CHARACTERS, "\u0000", "a\u0000b", "\n", "\r\n", "\t", "\u0085", "\u007F",
                "a\u001Bb");
        add(corpus, Category.UNPAIRED_SURROGATES, "\uD800", "\uDFFF", "\uDC00\uD800", "a\uD83C");
        add(corpus, Category.BLANK, "", " ", "\u2028", "\u3000");
        add(corpus, Category.TOO_LONG, "x".repeat(Identifier.MAX_LENGTH + 1), "\u00E9".repeat(Identifier.MAX_LENGTH + 1),
                "\uD83C\uDFAD".repeat(Identifier.MAX_LENGTH / 2 + 1), "y".repeat(1 << 20));
        return List.copyOf(corpus);
    }

    private static void add(List<Sample> corpus, Category category, String... values) {
        for (String value : values) {
            corpus.add(new Sample(category, value));
        }
    }
}
