package dev.extaudiences.app.http;

import static dev.extaudiences.testkit.http.Calls.assertError;
import static dev.extaudiences.testkit.http.Calls.assertErrorNaming;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.extaudiences.testkit.http.ApiClient;
import dev.extaudiences.testkit.http.Calls;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The upload route over HTTP against the real server, run once per store (memory, H2, PostgreSQL): the audience is
 * looked up in the store, the file lands in the caller's org folder and nowhere else, and the next run reads it.
 * UPL-nn names each rule.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class LandingUploadContract {

    static final int UPLOAD_LIMIT = 100_000;
    private static final String CSV = "email,tier\nada@example.com,gold\n,gold\nbob@example.com,platinum\n";

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private Path data;
    private TestServer server;

    /** The settings that choose this class's store. */
    abstract Map<String, String> store();

    /** Called after the server stopped: what the store needs to stop too. */
    void stopStore() {
    }

    @BeforeAll
    void start() throws IOException {
        data = Files.createTempDirectory("uploads");
        Files.createDirectories(data.resolve("bucket"));
        Map<String, String> settings = new HashMap<>(store());
        settings.put("EXTAUDIENCES_MAX_UPLOAD_BYTES", String.valueOf(UPLOAD_LIMIT));
        settings.put("EXTAUDIENCES_CONNECTIONS", "mounted=S3:" + data.resolve("bucket"));
        settings.put("EXTAUDIENCES_RUN_POLL_MILLIS", "50");
        server = new TestServer(data, settings);
    }

    @AfterAll
    void stop() throws IOException {
        server.close();
        stopStore();
        try (Stream<Path> files = Files.walk(data)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
    }

    private static String sandbox() {
        return "up-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private Path landing(String org, String sandbox) {
        return data.resolve("landing").resolve(org).resolve(sandbox);
    }

    private String fileAudience(ApiClient api, String path) {
        return Calls.createdAudienceFrom(api, """
                {"name": "%s", "fields": [{"name": "email", "type": "string", "identityNs": "email"},
                 {"name": "tier", "type": "string"}],
                 "sourceSpec": {"path": "%s", "type": "file"}, "originName": "CUSTOM_UPLOAD"}"""
                .formatted(Calls.unique("upload"), path));
    }

    private String folderAudience(ApiClient api, String path) {
        return Calls.createdAudienceFrom(api, """
                {"name": "%s", "fields": [{"name": "email", "type": "string", "identityNs": "email"},
                 {"name": "tier", "type": "string"}],
                 "sourceSpec": {"path": "%s", "type": "folder"}, "originName": "CUSTOM_UPLOAD"}"""
                .formatted(Calls.unique("upload"), path));
    }

    /** A PUT of {@code body}, with its length declared, or chunked when {@code chunked}. */
    private TestServer.Reply upload(Map<String, String> headers, String audienceId, String path, byte[] body,
                                    boolean chunked) {
        String query = path == null ? "" : "?path=" + path;
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port()
                        + TestServer.BASE + "/external-audience/" + audienceId + "/landing-file" + query))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "text/csv")
                .PUT(chunked ? HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body))
                        : HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(request::header);
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new TestServer.Reply(response.statusCode(), response.body(), response.headers().map());
        } catch (IOException failed) {
            throw new UncheckedIOException(failed);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(interrupted);
        }
    }

    private TestServer.Reply upload(String sandbox, String audienceId, String path, String csv) {
        return upload(TestServer.headers(sandbox), audienceId, path, csv.getBytes(StandardCharsets.UTF_8), false);
    }

    private static ApiClient.Reply asKit(TestServer.Reply reply) {
        return new ApiClient.Reply("PUT", "landing-file", "", reply.status(), reply.text(), reply.headers());
    }

    private static String encoded(String path) {
        return URLEncoder.encode(path, StandardCharsets.UTF_8);
    }

    /** Every regular file under the landing zone, as paths relative to it. */
    private List<String> landedFiles() throws IOException {
        Path root = data.resolve("landing");
        if (!Files.exists(root)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(Files::isRegularFile).map(file -> root.relativize(file).toString()).sorted().toList();
        }
    }

    @Test
    void upl01_anUploadedFileLandsAtTheAudiencesPathOfTheCallersFolderAndTheNextRunReadsIt() throws IOException {
        String sandbox = sandbox();
        ApiClient api = server.api(sandbox);
        String id = fileAudience(api, "crm/gold/members.csv");

        TestServer.Reply uploaded = upload(sandbox, id, null, CSV);

        assertThat(uploaded.status()).as(uploaded.toString()).isEqualTo(200);
        assertThat(uploaded.json().path("path").asText()).isEqualTo("crm/gold/members.csv");
        assertThat(uploaded.json().path("sizeBytes").asLong()).isEqualTo(CSV.length());
        Path file = landing(TestServer.ORG, sandbox).resolve("crm/gold/members.csv");
        assertThat(Files.readString(file)).isEqualTo(CSV);
        JsonNode run = Calls.awaitRunEnded(api, id, api.call("POST", Calls.audiencePath(id) + "/runs",
                "{\"dataFilterStartTime\": 0}").json().path("runId").asText());
        assertThat(run.path("status").asText()).as(run.toString()).isEqualTo("SUCCESS");
        assertThat(run.path("metrics").path("rowsRead").asLong()).isEqualTo(3);
        assertThat(run.path("metrics").path("rowsRejected").asLong()).isEqualTo(1);
        assertThat(run.path("metrics").path("membersAdded").asLong()).isEqualTo(2);
    }

    @Test
    void upl02_aSecondUploadReplacesTheFileWholeAndLeavesNoPartBehind() throws IOException {
        String sandbox = sandbox();
        String id = fileAudience(server.api(sandbox), "gold.csv");
        upload(sandbox, id, null, CSV);

        TestServer.Reply again = upload(sandbox, id, "gold.csv", "email,tier\ncy@example.com,gold\n");

        assertThat(again.status()).as(again.toString()).isEqualTo(200);
        try (Stream<Path> files = Files.list(landing(TestServer.ORG, sandbox))) {
            assertThat(files.map(path -> path.getFileName().toString())).containsExactly("gold.csv");
        }
        assertThat(Files.readString(landing(TestServer.ORG, sandbox).resolve("gold.csv")))
                .isEqualTo("email,tier\ncy@example.com,gold\n");
    }

    @Test
    void upl03_aFileAudienceTakesItsOwnPathOnlyAndAFolderAudienceAFileDirectlyInsideItsFolder() throws IOException {
        String sandbox = sandbox();
        ApiClient api = server.api(sandbox);
        String file = fileAudience(api, "crm/gold.csv");
        String folder = folderAudience(api, "drops");

        assertErrorNaming(asKit(upload(sandbox, file, "crm/other.csv", CSV)), 400, "100910-400", "path");
        assertErrorNaming(asKit(upload(sandbox, folder, null, CSV)), 400, "100910-400", "path");
        assertErrorNaming(asKit(upload(sandbox, folder, "drops/sub/a.csv", CSV)), 400, "100910-400", "path");
        assertErrorNaming(asKit(upload(sandbox, folder, "drops/.hidden.csv", CSV)), 400, "100910-400", "path");
        assertErrorNaming(asKit(upload(sandbox, folder, "elsewhere/a.csv", CSV)), 400, "100910-400", "path");
        assertErrorNaming(asKit(upload(sandbox, folder, "drops//a.csv", CSV)), 400, "100910-400", "path");
        TestServer.Reply inside = upload(sandbox, folder, "drops/a.csv", CSV);
        assertThat(inside.status()).as(inside.toString()).isEqualTo(200);
        assertThat(landedFiles()).filteredOn(path -> path.contains(sandbox))
                .containsExactly(TestServer.ORG + "/" + sandbox + "/drops/a.csv");
    }

    @Test
    void upl04_pathsThatWouldLeaveTheOrgsFolderAreRefusedNamingThePathAndNothingIsWritten() throws IOException {
        String sandbox = sandbox();
        String folder = folderAudience(server.api(sandbox), "drops");
        List<String> before = landedFiles();
        for (String escaping : List.of(
                encoded("drops/../../" + TestServer.OTHER_ORG + "/prod/x.csv"),
                "drops%2F..%2F..%2F..%2Fx.csv",
                encoded("/etc/x.csv"),
                encoded("../x.csv"),
                encoded("drops/..\\..\\x.csv"),
                encoded("drops/a b.csv"),
                "drops%2Fa%00.csv",
                encoded("C:/x.csv"))) {
            assertErrorNaming(asKit(upload(sandbox, folder, escaping, CSV)), 400, "100910-400", "path");
        }
        // an encoded slash encoded again is a '%' in a name, inside the folder: written there, literally
        TestServer.Reply literal = upload(sandbox, folder, "drops%2Fx%252F..%252Fy.csv", CSV);
        assertThat(literal.status()).as(literal.toString()).isEqualTo(200);
        assertThat(landedFiles()).containsExactlyInAnyOrderElementsOf(Stream.concat(before.stream(),
                Stream.of(TestServer.ORG + "/" + sandbox + "/drops/x%2F..%2Fy.csv")).toList());
    }

    @Test
    void upl05_aLinkOutOfTheOrgsFolderIsRefusedAndTheOtherOrgsFolderStaysAsItWas() throws IOException {
        String sandbox = sandbox();
        String id = fileAudience(server.api(sandbox), "crm/gold.csv");
        Path other = Files.createDirectories(landing(TestServer.OTHER_ORG, sandbox).resolve("crm"));
        Files.writeString(other.resolve("gold.csv"), "theirs");
        // the sandbox's own folder made a link to the other org's
        Files.createDirectories(landing(TestServer.ORG, sandbox).getParent());
        Files.createSymbolicLink(landing(TestServer.ORG, sandbox), landing(TestServer.OTHER_ORG, sandbox));

        assertErrorNaming(asKit(upload(sandbox, id, null, CSV)), 400, "100910-400", "link");

        assertThat(Files.readString(other.resolve("gold.csv"))).isEqualTo("theirs");
        try (Stream<Path> files = Files.list(other)) {
            assertThat(files.map(path -> path.getFileName().toString())).containsExactly("gold.csv");
        }
    }

    @Test
    void upl06_aSubFolderLinkedOutOfTheLandingZoneIsRefused() throws IOException {
        String sandbox = sandbox();
        String id = fileAudience(server.api(sandbox), "crm/gold.csv");
        Path outside = Files.createTempDirectory("outside");
        Files.createDirectories(landing(TestServer.ORG, sandbox));
        Files.createSymbolicLink(landing(TestServer.ORG, sandbox).resolve("crm"), outside);

        assertErrorNaming(asKit(upload(sandbox, id, null, CSV)), 400, "100910-400", "link");

        try (Stream<Path> files = Files.list(outside)) {
            assertThat(files).isEmpty();
        }
    }

    @Test
    void upl07_aBodyOverTheUploadLimitIs413NamingTheLimitWhetherDeclaredOrChunkedAndTheOldFileStays()
            throws IOException {
        String sandbox = sandbox();
        String id = fileAudience(server.api(sandbox), "gold.csv");
        upload(sandbox, id, null, CSV);
        byte[] tooLarge = new byte[UPLOAD_LIMIT + 1];
        java.util.Arrays.fill(tooLarge, (byte) 'a');

        for (boolean chunked : new boolean[] {false, true}) {
            TestServer.Reply refused = upload(TestServer.headers(sandbox), id, null, tooLarge, chunked);
            assertThat(refused.status()).as(refused.toString()).isEqualTo(413);
            assertThat(refused.json().path("errorCode").asText()).isEqualTo("100913-413");
            assertThat(refused.json().path("detail").asText()).contains("body").contains(String.valueOf(UPLOAD_LIMIT));
        }

        assertThat(Files.readString(landing(TestServer.ORG, sandbox).resolve("gold.csv"))).isEqualTo(CSV);
        try (Stream<Path> files = Files.list(landing(TestServer.ORG, sandbox))) {
            assertThat(files.map(path -> path.getFileName().toString())).containsExactly("gold.csv");
        }
    }

    @Test
    void upl08_aFileLargerThanTheJsonBodyLimitButWithinTheUploadLimitIsTaken() throws IOException {
        String sandbox = sandbox();
        String id = fileAudience(server.api(sandbox), "big.csv");
        StringBuilder csv = new StringBuilder("email,tier\n");
        for (int i = 0; csv.length() < 80_000; i++) { // over the test server's JSON limit of 64 KiB
            csv.append("user").append(i).append("@example.com,gold\n");
        }

        TestServer.Reply taken = upload(TestServer.headers(sandbox), id, null,
                csv.toString().getBytes(StandardCharsets.UTF_8), true);

        assertThat(taken.status()).as(taken.toString()).isEqualTo(200);
        assertThat(Files.size(landing(TestServer.ORG, sandbox).resolve("big.csv"))).isEqualTo(csv.length());
    }

    @Test
    void upl09_anAudienceReadingAConnectionIsRefused422NamingWhy() throws IOException {
        String sandbox = sandbox();
        String id = Calls.createdAudienceFrom(server.api(sandbox), """
                {"name": "%s", "fields": [{"name": "email", "type": "string", "identityNs": "email"}],
                 "sourceSpec": {"path": "gold.csv", "type": "file", "cloudType": "S3", "baseConnectionId": "mounted"},
                 "originName": "CUSTOM_UPLOAD"}""".formatted(Calls.unique("s3")));
        List<String> before = landedFiles();

        ApiClient.Reply refused = asKit(upload(sandbox, id, null, CSV));

        assertErrorNaming(refused, 422, "100960-422", "SOURCE_NOT_LANDING_ZONE");
        assertThat(refused.json().path("detail").asText()).contains("mounted");
        assertThat(landedFiles()).isEqualTo(before);
        try (Stream<Path> files = Files.list(data.resolve("bucket"))) {
            assertThat(files).isEmpty();
        }
    }

    @Test
    void upl10_anotherOrgsAudienceIsNotFoundAndNothingIsWrittenForEither() throws IOException {
        String sandbox = sandbox();
        String id = fileAudience(server.api(sandbox), "gold.csv");
        Map<String, String> otherOrg = new HashMap<>(TestServer.headers(sandbox));
        otherOrg.put("Authorization", "Bearer " + TestServer.ANY_ORG_TOKEN);
        otherOrg.put("x-gw-ims-org-id", TestServer.OTHER_ORG);
        List<String> before = landedFiles();

        ApiClient.Reply refused = asKit(upload(otherOrg, id, null, CSV.getBytes(StandardCharsets.UTF_8), false));

        assertErrorNaming(refused, 404, "100940-404", id);
        assertThat(landedFiles()).isEqualTo(before);
    }

    @Test
    void upl11_aRequestWithoutItsCredentialsIs401NamingTheHeaderAndWritesNothing() throws IOException {
        String sandbox = sandbox();
        String id = fileAudience(server.api(sandbox), "gold.csv");
        List<String> before = landedFiles();
        for (String missing : List.of("Authorization", "x-api-key", "x-gw-ims-org-id", "x-sandbox-name")) {
            Map<String, String> headers = new HashMap<>(TestServer.headers(sandbox));
            headers.remove(missing);
            assertErrorNaming(asKit(upload(headers, id, null, CSV.getBytes(StandardCharsets.UTF_8), false)), 401,
                    "100920-401", missing);
        }
        Map<String, String> wrongKey = new HashMap<>(TestServer.headers(sandbox));
        wrongKey.put("x-api-key", "not-a-key");
        assertError(asKit(upload(wrongKey, id, null, CSV.getBytes(StandardCharsets.UTF_8), false)), 401, "100922-401");
        assertThat(landedFiles()).isEqualTo(before);
    }

    @Test
    void upl12_thePathParameterGivenTwiceIsRefusedNamingIt() {
        String sandbox = sandbox();
        String id = folderAudience(server.api(sandbox), "drops");

        assertErrorNaming(asKit(upload(sandbox, id, "drops/a.csv&path=drops/b.csv", CSV)), 400, "100910-400", "path");
    }
}
