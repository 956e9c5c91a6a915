package dev.extaudiences.core.run;

/** An event that the run's current state does not allow; the run is left as it was. */
public final class IllegalRunTransition extends IllegalStateException {

    public IllegalRunTransition(RunId run, String why) {
        super("run " + run + ": " + why);
    }
}
