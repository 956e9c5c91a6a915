package dev.extaudiences.adapter.jdbi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.generators.SourceDSL.lists;

import dev.extaudiences.core.audience.IdentityNamespace;
import dev.extaudiences.core.member.Identity;
import dev.extaudiences.core.member.StagedMember;
import dev.extaudiences.testkit.Property;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.postgresql.copy.CopyIn;
import org.postgresql.util.ByteStreamWriter;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/**
 * The bytes a batch is staged as on PostgreSQL, read back by the binary COPY format as its documentation describes it
 * (a signature, flags and header extension; each row its field count, each field its length and bytes, -1 for NULL; a
 * trailer of -1): the identity's namespace and value, the attributes as {@link Json#attributes} writes them, and the
 * spelling or NULL. (That PostgreSQL reads them so is the stores' conformance suite's to show, on a real database.)
 */
@DisplayName("PostgreSQL staging: a batch's rows in COPY's binary format, each value as it was, in UTF-8")
class CopyRowsTest {

    /** Mostly plain text, with what COPY or JSON read specially, and characters outside ASCII and the BMP. */
    private static Gen<String> values() {
        Gen<String> token = Generate.pick(List.of("a", "user1@example.com", "gold", "\\", "\t", "\n", "\r", "\"",
                "\u0001", "\u007f", "é", "日本", "\uD83D\uDE00", " ", "\\N", "{}", ","));
        return lists().of(token).ofSizeBetween(1, 6).map(tokens -> String.join("", tokens));
    }

    private static Gen<StagedMember> members() {
        Gen<Map<String, String>> attributes = lists().of(values()).ofSizeBetween(0, 4).map(strings -> {
            Map<String, String> map = new TreeMap<>();
            for (int i = 0; i < strings.size(); i++) {
                map.put(i % 2 == 0 ? "k" + i : strings.get(i) + i, strings.get(i));
            }
            return map;
        });
        return values().zip(attributes, Generate.booleans(), values(), (value, map, respelled, spelling) ->
                new StagedMember(new Identity(new IdentityNamespace("email"), "v" + value), map,
                        respelled ? Optional.of("s" + spelling) : Optional.empty()));
    }

    @Test
    @DisplayName("any batch reads back as its members' values, with and without the spelling column")
    void readsBackAsWritten() {
        Property.forAll(2_000, lists().of(members()).ofSizeBetween(0, 5).zip(Generate.booleans(), Batch::new),
                batch -> assertThat(read(written(batch.members(), batch.respelled())))
                        .isEqualTo(fields(batch.members(), batch.respelled())));
    }

    @Test
    @DisplayName("a NUL character, which PostgreSQL's text cannot hold, is refused rather than written")
    void refusesANul() {
        StagedMember member = new StagedMember(new Identity(new IdentityNamespace("email"), "a\u0000b"), Map.of());
        assertThatThrownBy(() -> written(List.of(member), false)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("NUL");
    }

    @Test
    @DisplayName("a batch larger than a chunk reaches the COPY in chunks, whole and in order")
    void handsOverChunks() {
        List<StagedMember> batch = new ArrayList<>();
        for (int i = 0; i < 5_000; i++) {
            batch.add(new StagedMember(new Identity(new IdentityNamespace("email"), "user" + i + "@example.com"),
                    Map.of("tier", i % 7 == 0 ? "g\\old\t" : "gold", "n", Integer.toString(i))));
        }
        Recording copy = new Recording();
        try {
            PostgresMerge.write(new CopyRows(copy), batch, false, FIRST);
        } catch (SQLException impossible) {
            throw new AssertionError(impossible);
        }
        assertThat(copy.writes).isGreaterThan(1);
        assertThat(copy.ended).isTrue();
        assertThat(read(copy.bytes.toByteArray())).isEqualTo(fields(batch, false));
    }

    private record Batch(List<StagedMember> members, boolean respelled) {
    }

    private static byte[] written(List<StagedMember> batch, boolean respelled) {
        Recording copy = new Recording();
        try {
            PostgresMerge.write(new CopyRows(copy), batch, respelled, FIRST);
        } catch (SQLException impossible) {
            throw new AssertionError(impossible);
        }
        assertThat(copy.ended).isTrue();
        return copy.bytes.toByteArray();
    }

    /** Where the rows' seq starts: past 2^32, so that both of its halves are written. */
    private static final long FIRST = 3 * PostgresMerge.BATCH_SPAN + 0x7fff_fff0L;

    /** The oracle: each member's fields as the COPY's column list names them, null for NULL. */
    private static List<List<String>> fields(List<StagedMember> batch, boolean respelled) {
        List<List<String>> rows = new ArrayList<>();
        long seq = FIRST;
        for (StagedMember member : batch) {
            List<String> row = new ArrayList<>(List.of(Long.toString(seq++), member.identity().namespace().code(),
                    member.identity().value(), Json.attributes(member.attributes())));
            if (respelled) {
                row.add(member.spelling().orElse(null));
            }
            rows.add(row);
        }
        return rows;
    }

    /** The binary COPY format read as PostgreSQL's documentation describes it, each field decoded as UTF-8. */
    private static List<List<String>> read(byte[] copy) {
        ByteBuffer in = ByteBuffer.wrap(copy);
        byte[] signature = new byte[11];
        in.get(signature);
        assertThat(signature).isEqualTo("PGCOPY\n\377\r\n\0".getBytes(StandardCharsets.ISO_8859_1));
        assertThat(in.getInt()).as("flags").isZero();
        int extension = in.getInt();
        in.position(in.position() + extension);
        List<List<String>> rows = new ArrayList<>();
        for (short fields = in.getShort(); fields != -1; fields = in.getShort()) {
            List<String> row = new ArrayList<>();
            assertThat(in.getInt()).as("the length of a BIGINT").isEqualTo(8);
            row.add(Long.toString(in.getLong()));
            for (int i = 1; i < fields; i++) {
                int size = in.getInt();
                if (size == -1) {
                    row.add(null);
                } else {
                    byte[] value = new byte[size];
                    in.get(value);
                    row.add(new String(value, StandardCharsets.UTF_8));
                }
            }
            rows.add(row);
        }
        assertThat(in.remaining()).as("bytes after the trailer").isZero();
        return rows;
    }

    /** What a COPY was handed, in order. */
    private static final class Recording implements CopyIn {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int writes;
        boolean ended;

        @Override
        public void writeToCopy(byte[] buf, int off, int siz) {
            bytes.write(buf, off, siz);
            writes++;
        }

        @Override
        public void writeToCopy(ByteStreamWriter from) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void flushCopy() {
        }

        @Override
        public long endCopy() {
            ended = true;
            return 0;
        }

        @Override
        public int getFieldCount() {
            return 0;
        }

        @Override
        public int getFormat() {
            return 0;
        }

        @Override
        public int getFieldFormat(int field) {
            return 0;
        }

        @Override
        public boolean isActive() {
            return !ended;
        }

        @Override
        public void cancelCopy() {
            ended = true;
        }

        @Override
        public long getHandledRowCount() {
            return 0;
        }
    }
}
