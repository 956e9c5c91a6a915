package dev.extaudiences.testkit.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.generators.SourceDSL.integers;

import dev.extaudiences.core.audience.FieldType;
import dev.extaudiences.testkit.Property;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.quicktheories.api.Pair;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

@DisplayName("Field types: a date is an ISO date, read exactly as java.time reads one; a whole number as Java reads one")
class FieldTypeSpecTest {

    /** Text of a date's shape, mostly near valid: digits that may name no day, and now and then a stray character. */
    private static Gen<String> dateLike() {
        Gen<Character> digitOrStray = Generate.pick(List.of('0', '1', '2', '3', '4', '5', '6', '7', '8', '9',
                '0', '1', '2', '9', '-', '+', 'x', ' ', '٣'));
        Gen<String> year = integers().between(0, 9999).map(y -> String.format("%04d", y));
        Gen<String> month = integers().between(0, 13).map(m -> String.format("%02d", m));
        Gen<String> day = integers().between(0, 32).map(d -> String.format("%02d", d));
        Gen<String> wellFormed = year.zip(month, day, (y, m, d) -> y + "-" + m + "-" + d);
        Gen<String> strayed = wellFormed.zip(integers().between(0, 9), digitOrStray,
                (text, at, c) -> text.substring(0, at) + c + text.substring(at + 1));
        return Generate.frequency(List.of(
                Pair.of(3, wellFormed), Pair.of(1, strayed),
                Pair.of(1, Generate.constant("+12025-01-01")),
                Pair.of(1, Generate.constant(" 2024-02-29 "))));
    }

    @Test
    @DisplayName("DATE accepts exactly what LocalDate.parse accepts, and gives its canonical text")
    void dateAsJavaTimeReadsIt() {
        Property.forAll(2_000, dateLike(), text -> {
            FieldType.ValueCheck check = FieldType.DATE.check(text);
            LocalDate expected;
            try {
                expected = LocalDate.parse(text.trim());
            } catch (DateTimeParseException notADate) {
                assertThat(check).as(text).isInstanceOf(FieldType.ValueCheck.Invalid.class);
                return;
            }
            assertThat(check).as(text).isEqualTo(new FieldType.ValueCheck.Valid(expected.toString()));
        });
    }

    @Test
    @DisplayName("DATE refuses a day the month does not have, and takes February 29 of a leap year")
    void datesOfTheCalendar() {
        assertThat(FieldType.DATE.check("2025-02-29")).isInstanceOf(FieldType.ValueCheck.Invalid.class);
        assertThat(FieldType.DATE.check("2024-02-29")).isEqualTo(new FieldType.ValueCheck.Valid("2024-02-29"));
        assertThat(FieldType.DATE.check("2025-04-31")).isInstanceOf(FieldType.ValueCheck.Invalid.class);
        assertThat(FieldType.DATE.check("2025-00-10")).isInstanceOf(FieldType.ValueCheck.Invalid.class);
    }

    /**
     * Text of a whole number's shape: a sign or none, leading zeros now and then, sometimes too long, a stray; with
     * the digit counts where a value stops fitting without a parse (9 and 10 for an int, 18 and 19 for a long).
     */
    private static Gen<String> wholeNumberLike() {
        Gen<String> sign = Generate.pick(List.of("", "", "", "-", "+"));
        Gen<String> zeros = Generate.pick(List.of("", "", "", "0", "00"));
        Gen<String> digits = Generate.pick(List.of(0L, 7L, 42L, 2_147_483_647L, 2_147_483_648L, 9_999_999_999L,
                999_999_999L, 1_000_000_000L, 999_999_999_999_999_999L, 1_000_000_000_000_000_000L,
                9_223_372_036_854_775_807L)).zip(integers().between(0, 1_000_000), (big, small) ->
                Long.toString(big == 0 ? small : big));
        Gen<String> wellFormed = sign.zip(zeros, digits, (s, z, d) -> s + z + d);
        Gen<String> strayed = wellFormed.zip(Generate.pick(List.of("x", " ", "-", "٣", ".0", "9")), String::concat);
        return Generate.frequency(List.of(Pair.of(4, wellFormed), Pair.of(1, strayed),
                Pair.of(1, Generate.pick(List.of("0", "-0", "+0", "-", "+", "", "9223372036854775808")))));
    }

    @Test
    @DisplayName("INTEGER and LONG accept exactly what Integer.parseInt and Long.parseLong accept, in toString's text")
    void wholeNumbersAsJavaReadsThem() {
        Property.forAll(2_000, wholeNumberLike(), text -> {
            readsAsJava(FieldType.INTEGER, text, value -> Integer.toString(Integer.parseInt(value)));
            readsAsJava(FieldType.LONG, text, value -> Long.toString(Long.parseLong(value)));
        });
    }

    /** {@code type} takes the text exactly when {@code java} reads it, and holds what {@code java} prints of it. */
    private static void readsAsJava(FieldType type, String text, java.util.function.UnaryOperator<String> java) {
        FieldType.ValueCheck check = type.check(text);
        String expected;
        try {
            expected = java.apply(text.trim());
        } catch (NumberFormatException notANumber) {
            assertThat(check).as(type + " " + text).isInstanceOf(FieldType.ValueCheck.Invalid.class);
            return;
        }
        assertThat(check).as(type + " " + text).isEqualTo(new FieldType.ValueCheck.Valid(expected));
    }
}
