package dev.extaudiences.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * With no credentials configured, the token and API key printed at start-up are kept in the data directory, so the
 * ones exported yesterday still work after a restart; a memory store keeps nothing, those included.
 */
class GeneratedCredentialsTest {

    @TempDir
    Path data;

    @Test
    void twoStartsOnOneDataDirectoryPrintTheSameCredentialsAndTheSecondServerAcceptsThem() throws Exception {
        List<String> first = exportLines(Map.of());
        Started second = start(Map.of());
        try (Server server = second.server()) {
            assertThat(second.exportLines()).isEqualTo(first).hasSize(2);
            assertThat(status(server, first)).as("yesterday's token on today's server").isEqualTo(200);
        }
    }

    @Test
    void theFileHoldingThemIsReadableByItsOwnerOnly() throws Exception {
        exportLines(Map.of());

        Path kept = data.resolve(GeneratedCredentials.FILE_NAME);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(kept))).isEqualTo("rw-------");
        try (var leftovers = Files.list(data)) {
            assertThat(leftovers.map(path -> path.getFileName().toString()))
                    .as("nothing half-written left beside it").noneMatch(name -> name.endsWith(".tmp"));
        }
    }

    @Test
    void aMemoryStoreGeneratesFreshOnesAtEveryStartAndWritesNothing() throws Exception {
        Map<String, String> memory = Map.of("EXTAUDIENCES_STORE", "memory");

        assertThat(exportLines(memory)).isNotEqualTo(exportLines(memory));
        assertThat(data.resolve(GeneratedCredentials.FILE_NAME)).doesNotExist();
    }

    private List<String> exportLines(Map<String, String> settings) throws Exception {
        Started started = start(settings);
        started.server().close();
        return started.exportLines();
    }

    private Started start(Map<String, String> settings) {
        Map<String, String> environment = new java.util.HashMap<>(Map.of("EXTAUDIENCES_DATA_DIR", data.toString(),
                "EXTAUDIENCES_PORT", "0", "EXTAUDIENCES_HOST", "127.0.0.1", "EXTAUDIENCES_RUN_WORKERS", "0"));
        environment.putAll(settings);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Server server = Main.start(new String[0], environment, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8)).orElseThrow(() -> new AssertionError(err));
        List<String> exports = out.toString(StandardCharsets.UTF_8).lines().map(String::strip)
                .filter(line -> line.startsWith("export ")).toList();
        return new Started(server, exports);
    }

    private static int status(Server server, List<String> exportLines) throws Exception {
        String token = exportLines.get(0).substring("export EA_TOKEN=".length());
        String apiKey = exportLines.get(1).substring("export EA_API_KEY=".length());
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port()
                        + "/data/core/ais/external-audience"))
                .header("Authorization", "Bearer " + token).header("x-api-key", apiKey)
                .header("x-gw-ims-org-id", "12345@AdobeOrg").header("x-sandbox-name", "prod").build();
        return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private record Started(Server server, List<String> exportLines) {
    }
}
