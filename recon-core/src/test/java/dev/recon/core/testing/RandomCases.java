package dev.recon.core.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.LongStream;

/**
 * Reproducible random inputs for property tests run as plain JUnit {@code @ParameterizedTest}s:
 * every case is drawn from a {@link SplittableRandom} built from one explicit seed, so the seed
 * alone replays the case.
 *
 * <p>Usage: a test takes {@code long seed} from {@code @MethodSource} over {@link #seeds(int)} and
 * wraps its body in {@link #check(long, Consumer)}; a failure is rethrown with the seed and the
 * command line that reruns only that case ({@value #SEED_PROPERTY}).
 *
 * <p>Assumptions: values are uniform in their closed range, except that range bounds (and zero,
 * when in range) are drawn now and then on purpose, because off-by-one and sign errors live
 * there and a uniform draw from a wide range would almost never hit them. There is no shrinking:
 * cases are kept small by their generators (short lists, small alphabets) instead.
 */
public final class RandomCases {

    /** System property that narrows every seed range to this one seed, to replay a failing case. */
    public static final String SEED_PROPERTY = "recon.seed";

    /** One draw in this many from a numeric range is a bound (or zero) instead of a uniform value. */
    private static final int EDGE_ONE_IN = 16;

    private final long seed;
    private final SplittableRandom random;

    private RandomCases(long seed) {
        this.seed = seed;
        this.random = new SplittableRandom(seed);
    }

    /** The generator for one case; the same seed always yields the same sequence of values. */
    public static RandomCases seeded(long seed) {
        return new RandomCases(seed);
    }

    /**
     * The fixed seeds {@code 1..count} for a {@code @MethodSource}, or only the seed given by
     * {@code -Drecon.seed=N} when replaying a failure.
     */
    public static LongStream seeds(int count) {
        if (count < 1) {
            throw new IllegalArgumentException("a property needs at least one case, got " + count);
        }
        String replay = System.getProperty(SEED_PROPERTY);
        if (replay != null && !replay.isBlank()) {
            try {
                return LongStream.of(Long.parseLong(replay.trim()));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("-D" + SEED_PROPERTY + "=" + replay + " is not a long", e);
            }
        }
        return LongStream.rangeClosed(1, count);
    }

    /**
     * Runs one case with the generator for {@code seed}; an assertion failure or exception is
     * rethrown as an {@link AssertionError} whose message starts with the seed and how to replay it.
     */
    public static void check(long seed, Consumer<RandomCases> property) {
        try {
            property.accept(seeded(seed));
        } catch (AssertionError | RuntimeException e) {
            throw new AssertionError("property failed for seed " + seed + " (replay: ./mvnw -B -o -pl recon-core test -Dtest="
                    + caller() + " -D" + SEED_PROPERTY + "=" + seed + "): " + e.getMessage(), e);
        }
    }

    /** {@code Class#method} of the test that called {@link #check}, for the replay command. */
    private static String caller() {
        return StackWalker.getInstance().walk(frames -> frames
                .filter(f -> !f.getClassName().equals(RandomCases.class.getName()))
                .findFirst()
                .map(f -> f.getClassName().substring(f.getClassName().lastIndexOf('.') + 1) + "#" + f.getMethodName())
                .orElse("<Class>#<method>"));
    }

    public long seed() {
        return seed;
    }

    /** A long in {@code [min, max]}, both inclusive. */
    public long longBetween(long min, long max) {
        if (min > max) {
            throw new IllegalArgumentException("empty range [" + min + ", " + max + "]");
        }
        if (random.nextInt(EDGE_ONE_IN) == 0) {
            return edge(min, max);
        }
        if (max == Long.MAX_VALUE) {
            // nextLong(origin, bound) excludes bound; draw from [min - 1, max) and shift instead.
            return min == Long.MIN_VALUE ? random.nextLong() : random.nextLong(min - 1, max) + 1;
        }
        return random.nextLong(min, max + 1);
    }

    /** An int in {@code [min, max]}, both inclusive. */
    public int intBetween(int min, int max) {
        return Math.toIntExact(longBetween(min, max));
    }

    /** Any long, with the extremes and zero now and then. */
    public long anyLong() {
        return longBetween(Long.MIN_VALUE, Long.MAX_VALUE);
    }

    public boolean bool() {
        return random.nextBoolean();
    }

    /** One of the given values, each equally likely. */
    @SafeVarargs
    public final <T> T oneOf(T... values) {
        if (values.length == 0) {
            throw new IllegalArgumentException("nothing to choose from");
        }
        return values[random.nextInt(values.length)];
    }

    /** One constant of the enum, each equally likely. */
    public <E extends Enum<E>> E oneOf(Class<E> type) {
        return oneOf(type.getEnumConstants());
    }

    /** A list of {@code 0..maxSize} elements (uniform size), each drawn by {@code element}. */
    public <T> List<T> listOfMaxSize(int maxSize, Function<RandomCases, T> element) {
        int size = random.nextInt(maxSize + 1);
        List<T> list = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            list.add(element.apply(this));
        }
        return list;
    }

    /** A string of {@code 0..maxLength} characters (uniform length), each uniform in {@code [from, to]}. */
    public String stringOfMaxLength(int maxLength, char from, char to) {
        int length = random.nextInt(maxLength + 1);
        StringBuilder s = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            s.append((char) random.nextInt(from, to + 1));
        }
        return s.toString();
    }

    private long edge(long min, long max) {
        boolean zeroInRange = min < 0 && max > 0;
        int pick = random.nextInt(zeroInRange ? 3 : 2);
        return pick == 0 ? min : pick == 1 ? max : 0;
    }
}
