package dev.extaudiences.adapter.jdbi;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.Map;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * How H2 runs the two member statements that walk a whole audience, by its own EXPLAIN: a page in the primary key's
 * order, stopping at its LIMIT, never reading and sorting every member first (with a million members a page of 100
 * took 5 to 7.7 s through the server while H2 sorted them all), and a batch of the expiry sweep deleted off the expiry
 * index. The statements are the DAOs' own, read from their annotations, so a change to their text is what is checked.
 */
class MemberQueryPlansTest {

    private static JdbiDatabase database;

    @BeforeAll
    static void open() {
        database = JdbiDatabase.open(TestDatabases.newH2Url(), "sa", "", 2);
        database.jdbi().useHandle(handle -> {
            handle.execute("INSERT INTO member_generations (org_id, sandbox_name, audience_id, generation)"
                    + " VALUES ('org', 'prod', 'a', 1)");
            var insert = handle.prepareBatch("INSERT INTO members (org_id, sandbox_name, audience_id, generation,"
                    + " identity_ns, identity_value, attributes, last_ingested_at_ms)"
                    + " VALUES ('org', 'prod', 'a', 1, 'email', :value, '{}', :at)");
            for (int i = 0; i < 5_000; i++) {
                insert.bind("value", "user" + i + "@example.com").bind("at", 1_000L + i % 7).add();
            }
            insert.execute();
        });
    }

    @AfterAll
    static void close() {
        database.close();
    }

    @Test
    void aPageOfMembersWalksThePrimaryKeyInItsOrder() {
        String plan = explain(MemberDao.class, "page", Map.of("cutoff", 0L, "offset", 100L, "limit", 100));

        assertThat(plan).contains("index sorted").contains("PRIMARY_KEY").doesNotContain("MEMBERS_BY_EXPIRY");
    }

    @Test
    void aBatchOfTheExpirySweepIsDeletedOffTheExpiryIndex() {
        String plan = explain(PortableMerge.Statements.class, "removeExpired", Map.of("cutoff", 1_003L,
                "batch", 1_000));

        assertThat(plan).startsWith("DELETE").contains("MEMBERS_BY_EXPIRY");
    }

    private static String explain(Class<?> dao, String statement, Map<String, Object> parameters) {
        String sql = Arrays.stream(dao.getDeclaredMethods()).filter(method -> method.getName().equals(statement))
                .map(MemberQueryPlansTest::sql).findFirst().orElseThrow();
        return database.jdbi().withHandle((Handle handle) -> {
            var explain = handle.createQuery("EXPLAIN " + sql).bind("org", "org").bind("sandbox", "prod")
                    .bind("audienceId", "a");
            parameters.forEach(explain::bind);
            return explain.mapTo(String.class).one();
        });
    }

    private static String sql(Method method) {
        SqlQuery query = method.getAnnotation(SqlQuery.class);
        return query != null ? query.value() : method.getAnnotation(SqlUpdate.class).value();
    }
}
