package dev.extaudiences.testkit;

import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.quicktheories.QuickTheory;
import org.quicktheories.core.Gen;

/**
 * The one place the property engine (QuickTheories) is named: contracts and specifications call these, so the engine
 * can be swapped here alone. {@code -Dtestkit.examples=N} asks for more (or fewer) examples per property, and
 * {@code -Dtestkit.shrinkCycles=N} how hard a failure is shrunk; QuickTheories' own {@code -DQT_SEED=...} replays a reported failure.
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
        theory().withExamples(examples).forAll(values).checkAssert(assertion);
    }

    public static <T> void forAllThat(Gen<T> values, Predicate<T> property) {
        theory().withExamples(examples()).forAll(values).check(property);
    }

    private static QuickTheory theory() {
        return QuickTheory.qt().withShrinkCycles(shrinkCycles());
    }

    /** One generated value, drawn with a random seed. */
    public static <T> T sample(Gen<T> values) {
        AtomicReference<T> drawn = new AtomicReference<>();
        QuickTheory.qt().withExamples(1).withFixedSeed(SEEDS.nextLong()).forAll(values).checkAssert(drawn::set);
        return drawn.get();
    }
}
