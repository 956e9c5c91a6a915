package dev.extaudiences.adapter.jdbi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.generators.SourceDSL.lists;

import dev.extaudiences.core.audience.IdentityNamespace;
import dev.extaudiences.core.member.Identity;
import dev.extaudiences.core.member.StagedMember;
import dev.extaudiences.testkit.Property;
import java.io.ByteArrayOutputStream;
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
 * The bytes a batch is staged as on PostgreSQL, held to the plain reading of COPY's text format: each value's UTF-8
 * with the backslash, the tab and the line ends escaped, the attributes as {@link Json#attributes} writes them. (That
 * PostgreSQL reads them back as they were is the stores' conformance suite's to show, on a real database.)
 */
@DisplayName("PostgreSQL staging: a batch's COPY text, escaped and encoded as COPY's text format reads it")
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
    @DisplayName("any batch is written as its plain COPY text, in UTF-8, with and without the spelling column")
    void writesThePlainText() {
        Property.forAll(2_000, lists().of(members()).ofSizeBetween(0, 5).zip(Generate.booleans(), Batch::new),
                batch -> assertThat(written(batch.members(), batch.respelled()))
                        .isEqualTo(plain(batch.members(), batch.respelled())));
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
            PostgresMerge.write(new CopyRows(copy), batch, false);
        } catch (SQLException impossible) {
            throw new AssertionError(impossible);
        }
        assertThat(copy.writes).isGreaterThan(1);
        assertThat(copy.ended).isTrue();
        assertThat(copy.bytes.toString(StandardCharsets.UTF_8)).isEqualTo(plain(batch, false));
    }

    private record Batch(List<StagedMember> members, boolean respelled) {
    }

    private static String written(List<StagedMember> batch, boolean respelled) {
        Recording copy = new Recording();
        try {
            PostgresMerge.write(new CopyRows(copy), batch, respelled);
        } catch (SQLException impossible) {
            throw new AssertionError(impossible);
        }
        return copy.bytes.toString(StandardCharsets.UTF_8);
    }

    /** The oracle: COPY's text format as its documentation reads, built the obvious way. */
    private static String plain(List<StagedMember> batch, boolean respelled) {
        StringBuilder text = new StringBuilder();
        for (StagedMember member : batch) {
            text.append(escaped(member.identity().namespace().code())).append('\t')
                    .append(escaped(member.identity().value())).append('\t')
                    .append(escaped(Json.attributes(member.attributes())));
            if (respelled) {
                text.append('\t').append(member.spelling().map(CopyRowsTest::escaped).orElse("\\N"));
            }
            text.append('\n');
        }
        return text.toString();
    }

    private static String escaped(String value) {
        return value.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r");
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
