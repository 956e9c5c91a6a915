package dev.extaudiences.adapter.csv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.quicktheories.generators.SourceDSL.lists;

import dev.extaudiences.core.source.FileState;
import dev.extaudiences.core.source.RecordStream;
import dev.extaudiences.core.source.SourceException;
import dev.extaudiences.core.source.SourceRecord;
import dev.extaudiences.testkit.Property;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/**
 * The CSV a run reads, checked against Commons CSV's reading of RFC 4180 (the reader this one replaced, kept here as
 * the oracle): the same rows, numbered alike, from the same text; and a failure where it fails, above all for a
 * quoted value that is never closed, which FastCSV alone would take to the end of the file.
 */
@DisplayName("CSV sources: read as RFC 4180 reads them, a quote never closed failing the file")
class CsvRecordStreamTest {

    private static final CSVFormat ORACLE = CSVFormat.RFC4180.builder().setIgnoreEmptyLines(true).get();

    /** Text made mostly of what CSV reads specially: quotes, separators, line ends of each kind, spaces. */
    private static Gen<String> csvLike() {
        Gen<String> token = Generate.pick(List.of("a", "b", "é", "\"", "\"", "\"\"", ",", ",", "\n", "\r\n", "\r",
                " ", "\"x\"", "\"y,\n\"", "ab"));
        return lists().of(token).ofSizeBetween(0, 24).map(tokens -> "h1,h2\n" + String.join("", tokens));
    }

    /**
     * Where the two readers differ by design: a value of white space then a quote. Commons CSV reads it as an unquoted
     * value holding the quotes ({@code  "q"} as is); this reader as the quoted value with the white space around it
     * dropped ({@code q}), as it reads white space after a closing quote, which Commons CSV also drops.
     */
    private static final java.util.regex.Pattern SPACE_THEN_QUOTE = java.util.regex.Pattern.compile(
            "(^|[,\r\n]) +\"");

    @Test
    @DisplayName("any text reads as Commons CSV reads it: the same rows and row numbers, or a failure where it fails")
    void readsAsTheOracleDoes() {
        Property.forAll(5_000, csvLike(), text -> {
            if (SPACE_THEN_QUOTE.matcher(text).find()) {
                return;
            }
            assertThat(ours(text)).as(text.replace("\r", "\\r").replace("\n", "\\n")).isEqualTo(oracle(text));
        });
    }

    @Test
    @DisplayName("white space around a quoted value is dropped, before its opening quote and after its closing one")
    void whiteSpaceAroundAQuotedValueIsDropped() throws SourceException {
        assertThat(rows("a,b\nx, \"q,r\" \ny,\"s\"  \n")).containsExactly(List.of("2", "x", "q,r"),
                List.of("3", "y", "s"));
        assertThat(ours("a,b\nx, \"q")).as("an opening quote after white space is one: never closed, it fails")
                .containsExactly(List.of("unreadable"));
    }

    @Test
    @DisplayName("a quoted value never closed fails the file, however the file ends")
    void aQuoteNeverClosedFailsTheFile() throws SourceException {
        for (String text : List.of("email,tier\n\"unterminated,gold\nnext,row\n", "a,b\nx,\"\n", "a,b\nx,\"",
                "a,b\nx,\"ab\"\"", "a,b\nx,\"ab\"\"\n", "a,b\nx,\"\"\"", "a,b\n\"", "\"a,b\n")) {
            SourceException failed = catchThrowableOfType(SourceException.class, () -> rows(text));
            assertThat(failed).as(text).isNotNull();
            assertThat(failed.kind()).isEqualTo(SourceException.Kind.UNREADABLE);
            assertThat(failed.getMessage()).startsWith("f.csv is not valid CSV");
        }
        assertThat(rows("a,b\nx,\"\"")).containsExactly(List.of("2", "x", ""));
        assertThat(rows("a,b\nx,\"ab\"\"\"\n\n")).containsExactly(List.of("2", "x", "ab\""));
        assertThat(rows("a,b\nx,\"two\nlines\"\r\n")).containsExactly(List.of("2", "x", "two\nlines"));
        assertThat(rows("a,b\nx,a\"b\ny,\"q\"")).as("a quote inside an unquoted value is kept as it is")
                .containsExactly(List.of("2", "x", "a\"b"), List.of("3", "y", "q"));
    }

    @Test
    @DisplayName("a long quoted last value, its quotes doubled, is read closed")
    void aLongQuotedLastValueIsRead() throws SourceException {
        String value = "v".repeat(10_000) + "\"";
        assertThat(rows("a,b\nx,\"" + value.replace("\"", "\"\"") + "\"\n")).containsExactly(List.of("2", "x", value));
    }

    /** Each row as its number, then its values; or "unreadable". */
    private static List<List<String>> ours(String text) {
        try {
            return rows(text);
        } catch (SourceException unreadable) {
            return List.of(List.of("unreadable"));
        }
    }

    private static List<List<String>> oracle(String text) {
        List<List<String>> rows = new ArrayList<>();
        try (CSVParser parser = ORACLE.parse(new StringReader(text))) {
            for (CSVRecord record : parser) {
                List<String> row = new ArrayList<>();
                row.add(Long.toString(record.getRecordNumber()));
                row.addAll(record.toList());
                rows.add(row);
            }
        } catch (IOException | UncheckedIOException | IllegalStateException unreadable) {
            return List.of(List.of("unreadable"));
        }
        // the header is not a row; a file without one is unreadable
        return rows.isEmpty() ? List.of(List.of("unreadable")) : rows.subList(1, rows.size());
    }

    private static List<List<String>> rows(String text) throws SourceException {
        List<List<String>> rows = new ArrayList<>();
        try (RecordStream stream = read(text)) {
            Optional<SourceRecord> record;
            while ((record = stream.next()).isPresent()) {
                List<String> row = new ArrayList<>();
                row.add(Long.toString(record.get().line()));
                for (String value : record.get().values()) {
                    row.add(value);
                }
                rows.add(row);
            }
        }
        return rows;
    }

    private static RecordStream read(String text) throws SourceException {
        return new FastCsvDecoder().decode("f.csv", new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)),
                () -> new FileState.Unchanged());
    }
}
