package dev.extaudiences.core.source;

/**
 * Something a stream noticed about a file beyond its rows, known once its last row has been read: not a reason to
 * reject a row or fail the run, but one for the run's errors to tell the user.
 */
public sealed interface ReadNotice {

    /**
     * The last line has no line end while the lines before it have one: a file cut while it was written ends so,
     * its last value cut short ({@code ne} for {@code new}) but still a valid value.
     *
     * @param line the last row's line, counted as rows' lines are (the header is line 1)
     */
    record UnterminatedLastLine(long line) implements ReadNotice {
        public UnterminatedLastLine {
            if (line < 1) {
                throw new IllegalArgumentException("lines are counted from 1");
            }
        }
    }
}
