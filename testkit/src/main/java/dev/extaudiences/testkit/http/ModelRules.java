package dev.extaudiences.testkit.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.extaudiences.testkit.Property;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The stateful rule: random call sequences compared with a reference model (see {@code ModelCheck}). */
public interface ModelRules extends Rules {

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
}
