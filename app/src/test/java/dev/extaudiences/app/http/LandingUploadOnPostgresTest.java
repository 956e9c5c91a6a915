package dev.extaudiences.app.http;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

/** The upload rules with a real PostgreSQL, started from the binaries Maven downloads. */
class LandingUploadOnPostgresTest extends LandingUploadContract {

    private EmbeddedPostgres postgres;

    @Override
    Map<String, String> store() {
        try {
            postgres = EmbeddedPostgres.builder().start();
        } catch (IOException failed) {
            throw new UncheckedIOException(failed);
        }
        return Map.of("EXTAUDIENCES_DATABASE_URL", postgres.getJdbcUrl("postgres", "postgres"),
                "EXTAUDIENCES_DATABASE_USER", "postgres");
    }

    @Override
    void stopStore() {
        try {
            postgres.close();
        } catch (IOException failed) {
            throw new UncheckedIOException(failed);
        }
    }
}
