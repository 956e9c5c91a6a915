package dev.extaudiences.core.run;

import java.util.Objects;

/** What a caller asks of a new run: which files (by window), how to apply them, and whether to apply them at all. */
public record RunRequest(RunWindow window, IngestionMode mode, RunEffect effect) {

    public RunRequest {
        Objects.requireNonNull(window, "window");
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(effect, "effect");
    }

    /** A run that applies what it reads: what every caller asks unless it asks for a dry run. */
    public RunRequest(RunWindow window, IngestionMode mode) {
        this(window, mode, RunEffect.APPLY);
    }

    /** The same request, with {@code chosen} as its effect. */
    public RunRequest withEffect(RunEffect chosen) {
        return new RunRequest(window, mode, chosen);
    }

    /**
     * The request a caller makes with the contract's values (epoch seconds, each but the start optional): the window
     * ends when the run starts unless an end is given, and a run is differential unless asked otherwise.
     */
    public static RunRequest ofEpochSeconds(Long start, Long end, Boolean differential) {
        return new RunRequest(RunWindow.ofEpochSeconds(start, end),
                differential == null || differential ? IngestionMode.DIFFERENTIAL : IngestionMode.FULL);
    }
}
