package dev.extaudiences.testkit;

import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.quicktheories.QuickTheory;
import org.quicktheories.core.Gen;

/**
 * How every property of the project runs: its number of examples, its shrinking and its seed are decided here. The
 * generators are QuickTheories' own {@code Gen} (they are part of the testkit's API, and the generators and specs
 * build on them), so swapping the engine would mean more than this class. {@code -Dtestkit.examples=N} asks for more (or fewer) examples per property, and
 * {@code -Dtestkit.shrinkCycles=N} how hard a failure is shrunk, and {@code -Dtestkit.seed=N} replays the failure whose
 * report named seed N (every property then draws the same values it drew then).
 */
public final class Property {

    private static final int DEFAULT_EXAMPLES = 100;
    private static final int DEFAULT_SHRINK_CYCLES = 200;
    private static final Random SEEDS = new Random();

    private Property() {
    }

    /** Shrinking replays the property each cycle; a cap keeps a failing run short while still shrinking well. */
    public static int shrinkCycles() {
        return Integer.getInteger("testkit.shrinkCycles", DEFAULT_SHRINK_CYCLES);
    }

    public static int examples() {
        return Integer.getInteger("testkit.examples", DEFAULT_EXAMPLES);
    }

    /** Checks {@code assertion} for generated values; a failure is shrunk and reported with its seed. */
    public static <T> void forAll(Gen<T> values, Consumer<T> assertion) {
        forAll(examples(), values, assertion);
    }

    public static <T> void forAll(int examples, Gen<T> values, Consumer<T> assertion) {
        long seed = seed();
        replayable(seed, () -> theory(seed).withExamples(examples).forAll(values).checkAssert(assertion));
    }

    public static <T> void forAllThat(Gen<T> values, Predicate<T> property) {
        long seed = seed();
        replayable(seed, () -> theory(seed).withExamples(examples()).forAll(values).check(property));
    }

    /** The seed to draw with: the one asked for with {@code testkit.seed}, else a fresh one. */
    public static long seed() {
        String asked = System.getProperty("testkit.seed");
        return asked == null || asked.isBlank() ? SEEDS.nextLong() : Long.parseLong(asked.trim());
    }

    private static QuickTheory theory(long seed) {
        return QuickTheory.qt().withShrinkCycles(shrinkCycles()).withFixedSeed(seed);
    }

    /** A falsified property says first of all how to draw the same values again. */
    private static void replayable(long seed, Runnable check) {
        try {
            check.run();
        } catch (AssertionError falsified) {
            AssertionError replayable = new AssertionError("replay with -Dtestkit.seed=" + seed + " (the conformance "
                    + "command: --seed " + seed + ")\n" + falsified.getMessage());
            replayable.setStackTrace(falsified.getStackTrace());
            throw replayable;
        }
    }

    /** One generated value, drawn with a random seed. */
    public static <T> T sample(Gen<T> values) {
        AtomicReference<T> drawn = new AtomicReference<>();
        QuickTheory.qt().withExamples(1).withFixedSeed(SEEDS.nextLong()).forAll(values).checkAssert(drawn::set);
        return drawn.get();
    }
}
