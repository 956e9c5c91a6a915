package dev.extaudiences.testkit.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.extaudiences.testkit.Property;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.quicktheories.QuickTheory;

/** The stateful rules: random call sequences compared with a reference model (see {@code ModelCheck}). */
public interface ModelRules extends Rules {

    /**
     * How hard a disagreement of file sequences is shrunk: every attempt replays drops and runs, a second or so, so
     * it shrinks less hard than the properties of {@link Property} do.
     */
    int FILE_SHRINK_CYCLES = 40;

    /** Sequences per pass: 20 by default, {@code -Dtestkit.modelExamples=N} (or {@code --tries N}) for more. */
    static int sequences() {
        return Integer.getInteger("testkit.modelExamples", 20);
    }

    @Test
    @Tag("required")
    @DisplayName("EA-MODEL-01: random sequences of creates, patches (valid, invalid, forbidden), deletes, run starts, run lists and calls from another sandbox agree with the reference model")
    default void agreesWithTheModel() {
        Property.forAll(sequences(), ModelCheck.sequences(), commands -> {
            String transcript = ModelCheck.disagreement(api(), commands);
            assertThat(transcript).as("the sequence %s, as curl commands:%n%s", commands, transcript).isNull();
        });
    }

    /** Half as many sequences as EA-MODEL-01 tries, as each drops files and waits for runs. */
    @Test
    @Tag("extension")
    @DisplayName("EA-MODEL-02: random sequences of file drops (rows valid and rejected, files lacking a column, modification times in and out of the window) and differential and full runs leave exactly the members of the reference model")
    default void filesAgreeWithTheModel() {
        Needs.modificationTimes(api().target());
        ListedMembers.required(api(), Calls.createdAudience(api(), Calls.unique("Members listed")));
        long seed = Property.seed();
        try {
            QuickTheory.qt().withShrinkCycles(FILE_SHRINK_CYCLES).withFixedSeed(seed)
                    .withExamples(Math.max(1, sequences() / 2)).forAll(FileModelCheck.sequences())
                    .checkAssert(steps -> {
                        String transcript = FileModelCheck.disagreement(api(), steps);
                        if (transcript != null) {
                            throw new AssertionError("the files and curl commands that show it:\n" + transcript);
                        }
                    });
        } catch (AssertionError falsified) {
            AssertionError replayable = new AssertionError("replay with --seed " + seed + " (-Dtestkit.seed=" + seed
                    + ")\n" + falsified.getMessage());
            replayable.setStackTrace(falsified.getStackTrace());
            throw replayable;
        }
    }
}
