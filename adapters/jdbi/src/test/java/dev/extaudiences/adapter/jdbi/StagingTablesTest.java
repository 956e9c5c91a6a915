package dev.extaudiences.adapter.jdbi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.extaudiences.core.audience.Audience;
import dev.extaudiences.core.member.Identity;
import dev.extaudiences.core.member.StagedMember;
import dev.extaudiences.core.port.out.StagedMembers;
import dev.extaudiences.core.run.RunId;
import dev.extaudiences.testkit.Property;
import dev.extaudiences.testkit.gen.Generators;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** What the contracts cannot see of a run's staging table: the shape written in db/staging_table.sql, and its kind. */
class StagingTablesTest {

    private static final List<String> SHAPE = List.of("seq", "identity_ns", "identity_value", "attributes",
            "identity_spelling");

    @Test
    void onH2ARunStagesIntoATableOfTheWrittenShapeWhichItsDiscardDrops() {
        JdbiDatabase database = TestDatabases.h2();
        Staging staging = Staging.ofOneMember(database);

        assertThat(columns(database, staging.table())).containsExactlyElementsOf(SHAPE);
        staging.discard(database);
        assertThat(columns(database, staging.table())).isEmpty();
    }

    @Test
    void onPostgresARunStagesIntoAnUnloggedTableOfTheWrittenShape() {
        JdbiDatabase database = TestDatabases.postgres();
        Staging staging = Staging.ofOneMember(database);

        assertThat(columns(database, staging.table())).containsExactlyElementsOf(SHAPE);
        String persistence = database.jdbi().withHandle(handle -> handle.createQuery(
                        "SELECT relpersistence FROM pg_class WHERE relname = :table")
                .bind("table", staging.table()).mapTo(String.class).one());
        assertThat(persistence).as("unlogged").isEqualTo("u");
        staging.discard(database);
    }

    /**
     * The common case pays nothing: a batch with no respelled member leaves the spelling column unwritten and the
     * registry's count at 0, which spares the merge its count of what collapsed; a respelled one is counted.
     */
    @Test
    void onBothDatabasesOnlyRespelledRowsWriteASpellingAndAreCountedInTheRegistry() {
        for (JdbiDatabase database : List.of(TestDatabases.h2(), TestDatabases.postgres())) {
            Staging staging = Staging.ofOneMember(database);
            assertThat(respelled(database, staging)).isEqualTo(List.of("0", "-"));

            database.stores().stagedMembers().stage(staging.audience().scope(), staging.audience().id(),
                    staging.run(), List.of(new StagedMember(Identity.of("email", "b@x"), Map.of(),
                            Optional.of("B@x\tquoted\\")), new StagedMember(Identity.of("email", "c@x"), Map.of())));

            assertThat(respelled(database, staging)).isEqualTo(List.of("1", "-", "B@x\tquoted\\", "-"));
            staging.discard(database);
        }
    }

    /**
     * A node remembers the staging tables it made, and asks the registry no more at each batch; a table another node
     * dropped since (a run's lease taken over, its staging discarded) is made again at the next batch, as a first
     * batch makes it, and the batch is written into it, not lost.
     */
    @Test
    void onBothDatabasesATableAnotherNodeDroppedIsMadeAgainByTheNextBatch() {
        for (JdbiDatabase database : List.of(TestDatabases.h2(), TestDatabases.postgres())) {
            StagedMembers nodeA = database.stores().stagedMembers();
            StagedMembers nodeB = database.stores().stagedMembers();
            Audience audience = Property.sample(Generators.audiences(Generators.freshScope()));
            database.stores().audiences().add(audience);
            RunId run = new RunId(UUID.randomUUID().toString());
            String table = StagingTables.nameOf(audience.scope(), run);
            nodeA.stage(audience.scope(), audience.id(), run, List.of(new StagedMember(Identity.of("email", "a@x"),
                    Map.of())));
            nodeA.stage(audience.scope(), audience.id(), run, List.of(new StagedMember(Identity.of("email", "b@x"),
                    Map.of())));

            nodeB.discard(audience.scope(), audience.id(), run);
            assertThat(columns(database, table)).isEmpty();
            nodeA.stage(audience.scope(), audience.id(), run, List.of(new StagedMember(Identity.of("email", "c@x"),
                    Map.of())));

            assertThat(columns(database, table)).containsExactlyElementsOf(SHAPE);
            OptionalLong registered = database.jdbi().withHandle(handle -> StagingTables.registered(handle, table));
            List<String> staged = database.jdbi().withHandle(handle -> handle.createQuery("SELECT identity_value FROM "
                    + table + " ORDER BY seq").mapTo(String.class).list());
            assertThat(registered).as("registered again").isPresent();
            assertThat(staged).containsExactly("c@x");
            nodeA.discard(audience.scope(), audience.id(), run);
        }
    }

    /** The registry's count of respelled rows, then each staged row's spelling ({@code -} for none), in order. */
    private static List<String> respelled(JdbiDatabase database, Staging staging) {
        return database.jdbi().withHandle(handle -> {
            List<String> found = new java.util.ArrayList<>();
            found.add(Long.toString(StagingTables.respelledRows(handle, staging.table())));
            found.addAll(handle.createQuery("SELECT COALESCE(identity_spelling, '-') FROM " + staging.table()
                    + " ORDER BY seq").mapTo(String.class).list());
            return found;
        });
    }

    /** A new run of a new audience, and the table it stages into. */
    private record Staging(Audience audience, RunId run, String table) {

        static Staging ofOneMember(JdbiDatabase database) {
            Audience audience = Property.sample(Generators.audiences(Generators.freshScope()));
            database.stores().audiences().add(audience);
            RunId run = new RunId(UUID.randomUUID().toString());
            database.stores().stagedMembers().stage(audience.scope(), audience.id(), run,
                    List.of(new StagedMember(Identity.of("email", "a@x"), Map.of())));
            return new Staging(audience, run, StagingTables.nameOf(audience.scope(), run));
        }

        void discard(JdbiDatabase database) {
            database.stores().stagedMembers().discard(audience.scope(), audience.id(), run);
        }
    }

    private static List<String> columns(JdbiDatabase database, String table) {
        return database.jdbi().withHandle(handle -> handle.createQuery("SELECT LOWER(column_name) FROM"
                        + " information_schema.columns WHERE LOWER(table_name) = :table ORDER BY ordinal_position")
                .bind("table", table).mapTo(String.class).list());
    }
}
