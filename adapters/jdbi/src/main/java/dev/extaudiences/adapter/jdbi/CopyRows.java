package dev.extaudiences.adapter.jdbi;

import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.Map;
import java.util.function.BiConsumer;
import org.postgresql.copy.CopyIn;

/**
 * Rows in PostgreSQL's COPY text format, encoded as UTF-8 straight into a buffer that is handed to the COPY each time
 * it holds {@link #CHUNK} bytes: PostgreSQL parses the first part of a batch while the next is written, where a batch
 * built whole and then sent kept the database idle while it was built and the builder idle while it was parsed (a
 * quarter of a million-row read stage). A value of printable ASCII without a backslash (nearly all of them) is copied
 * a byte per character; any other goes through the escaping of {@link Json} and {@link #escaped}, and is encoded as a
 * whole.
 */
final class CopyRows {

    static final int CHUNK = 1 << 16;

    private final CopyIn copy;
    private byte[] buffer = new byte[CHUNK + 4096];
    private int length;

    CopyRows(CopyIn copy) {
        this.copy = copy;
    }

    /** A column's value, escaped as COPY's text format needs. */
    CopyRows text(String value) {
        if (!appendPlain(value, false)) {
            appendEncoded(escaped(value));
        }
        return this;
    }

    /** Attributes as {@link Json#attributes(Map)} writes them, escaped as COPY's text format needs. */
    CopyRows json(Map<String, String> attributes) {
        int start = length;
        JsonObject object = new JsonObject();
        appendByte('{');
        // forEach, not entrySet: an unmodifiable map wraps each of its entries anew
        attributes.forEach(object);
        if (object.plain) {
            appendByte('}');
        } else {
            length = start;
            appendEncoded(escaped(Json.attributes(attributes)));
        }
        return this;
    }

    /** Appends each attribute while all so far were plain; else stops, for the whole object to be escaped. */
    private final class JsonObject implements BiConsumer<String, String> {
        boolean first = true;
        boolean plain = true;

        @Override
        public void accept(String name, String value) {
            if (!plain) {
                return;
            }
            if (!first) {
                appendByte(',');
            }
            first = false;
            appendByte('"');
            plain = appendPlain(name, true);
            if (plain) {
                appendByte('"');
                appendByte(':');
                appendByte('"');
                plain = appendPlain(value, true);
                appendByte('"');
            }
        }
    }

    /** COPY's text format for NULL. */
    CopyRows nul() {
        appendByte('\\');
        appendByte('N');
        return this;
    }

    CopyRows tab() {
        appendByte('\t');
        return this;
    }

    /** Ends a row, and hands what is buffered to the COPY once it is a chunk. */
    void endRow() throws SQLException {
        appendByte('\n');
        if (length >= CHUNK) {
            copy.writeToCopy(buffer, 0, length);
            length = 0;
        }
    }

    /** Hands the rest to the COPY and ends it: the rows are in when this returns. */
    long finish() throws SQLException {
        if (length > 0) {
            copy.writeToCopy(buffer, 0, length);
            length = 0;
        }
        return copy.endCopy();
    }

    /**
     * Appends {@code value} a byte per character if every character is printable ASCII and none needs escaping
     * (a backslash for COPY, and a quote too in a JSON string); otherwise appends nothing and answers false.
     */
    private boolean appendPlain(String value, boolean inJson) {
        int size = value.length();
        ensure(size);
        byte[] bytes = buffer;
        int at = length;
        for (int i = 0; i < size; i++) {
            char c = value.charAt(i);
            if (c < 0x20 || c >= 0x80 || c == '\\' || (inJson && c == '"')) {
                return false;
            }
            bytes[at + i] = (byte) c;
        }
        length = at + size;
        return true;
    }

    private void appendByte(char c) {
        ensure(1);
        buffer[length++] = (byte) c;
    }

    private void appendEncoded(String text) {
        byte[] encoded = text.getBytes(StandardCharsets.UTF_8);
        ensure(encoded.length);
        System.arraycopy(encoded, 0, buffer, length, encoded.length);
        length += encoded.length;
    }

    private void ensure(int more) {
        if (length + more > buffer.length) {
            buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, length + more));
        }
    }

    /** {@code value} with what COPY's text format reads specially escaped: the backslash, the tab and the line ends. */
    static String escaped(String value) {
        StringBuilder escaped = new StringBuilder(value.length() + 8);
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\\' -> escaped.append("\\\\");
                case '\t' -> escaped.append("\\t");
                case '\n' -> escaped.append("\\n");
                case '\r' -> escaped.append("\\r");
                default -> escaped.append(c);
            }
        }
        return escaped.toString();
    }
}
