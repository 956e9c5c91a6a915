package dev.extaudiences.core.audience;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;

/** Dates as a date field holds them: ISO 8601 calendar dates, read exactly as {@link LocalDate#parse} reads them. */
final class IsoDates {

    private IsoDates() {
    }

    /**
     * An ISO date. The common shape, four-digit year, is read by hand (LocalDate.of checks the ranges and the day of
     * the month): the formatter's general parse was a tenth of a run's read stage; any other shape goes to it.
     */
    static LocalDate parse(String value) {
        LocalDate common = ofCommonShape(value);
        return common != null ? common : LocalDate.parse(value);
    }

    /**
     * An ISO date's canonical text ({@link LocalDate#toString}): a date read in the common shape is already written
     * so (four-digit years print with four digits), and is kept as it came, not printed again.
     */
    static String canonical(String value) {
        return ofCommonShape(value) != null ? value : LocalDate.parse(value).toString();
    }

    /**
     * The date a value of the common shape names, or null for a value of another shape; a value of that shape naming
     * no date (a month 13, a February 30) is refused.
     */
    private static LocalDate ofCommonShape(String value) {
        if (value.length() != 10 || value.charAt(4) != '-' || value.charAt(7) != '-') {
            return null;
        }
        int year = digits(value, 0, 4);
        int month = digits(value, 5, 7);
        int day = digits(value, 8, 10);
        if (year < 0 || month < 0 || day < 0) {
            return null;
        }
        try {
            return LocalDate.of(year, month, day);
        } catch (DateTimeException outOfRange) {
            throw new DateTimeParseException(outOfRange.getMessage(), value, 0, outOfRange);
        }
    }

    /** The number the ASCII digits in [from, to) spell, or -1 when one of them is not a digit. */
    private static int digits(String value, int from, int to) {
        int number = 0;
        for (int i = from; i < to; i++) {
            char c = value.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            number = number * 10 + (c - '0');
        }
        return number;
    }
}
