package dev.extaudiences.app;

/**
 * A start that cannot go on although every setting could be read (the port is taken, the database does not answer):
 * one line for the user naming the setting to look at, so {@code main} prints it instead of a stack trace.
 */
public final class CannotStart extends RuntimeException {

    CannotStart(String setting, String problem) {
        super(Settings.PREFIX + setting + ": " + oneLine(problem));
    }

    /** A driver's or a library's message, which may span lines, as a part of one line. */
    static String oneLine(String message) {
        return message == null ? "" : message.strip().replaceAll("\\s*\\R\\s*", " ");
    }
}
