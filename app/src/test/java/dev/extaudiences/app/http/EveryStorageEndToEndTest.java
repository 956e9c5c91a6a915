package dev.extaudiences.app.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.azure.core.http.jdk.httpclient.JdkHttpClientBuilder;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.BlobServiceClientBuilder;
import com.azure.storage.common.StorageSharedKeyCredential;
import com.fasterxml.jackson.databind.JsonNode;
import com.azure.core.util.BinaryData;
import dev.extaudiences.adapter.azure.Azurite;
import dev.extaudiences.adapter.s3.S3ProxyProcess;
import dev.extaudiences.adapter.s3.TestBuckets;
import dev.extaudiences.adapter.sftp.SftpTestServer;
import dev.extaudiences.testkit.http.ApiClient;
import dev.extaudiences.testkit.http.Calls;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The server as a user configures it, with one connection of every kind, each to a real server of its protocol that
 * the test starts (S3Proxy for S3 and for GCS's S3-interoperable API, Azurite for Azure Blob Storage, Apache MINA SSHD
 * for SFTP) and a directory: a file dropped in each is ingested through the HTTP API, and a connection whose secret
 * the storage refuses fails its run naming the connection, never showing the secret.
 */
class EveryStorageEndToEndTest {

    private static final String CSV = "email,tier\nada@example.com,gold\nbob@example.com,silver\n";
    private static final String WRONG_SECRET = "not-the-secret-0d2f7e";
    /** A folder of two files in the S3 bucket, one of them gzip: what a run's metrics and /metrics count. */
    private static final String PLAIN =
            "email,tier\ncy@example.com,gold\ndan@example.com,silver\neve@example.com,gold\n";
    private static final byte[] GZIPPED = gzip("email,tier\nfay@example.com,gold\ngus@example.com,bronze\n");

    @TempDir
    static Path data;
    static TestServer server;
    static SftpTestServer sftp;
    static TestBuckets buckets;

    @BeforeAll
    static void start() throws Exception {
        S3ProxyProcess s3 = S3ProxyProcess.shared();
        buckets = TestBuckets.of(s3);
        String bucket = buckets.newBucket();
        buckets.put(bucket, "crm/members.csv", CSV.getBytes(StandardCharsets.UTF_8));
        buckets.put(bucket, "counted/a.csv", PLAIN.getBytes(StandardCharsets.UTF_8));
        buckets.put(bucket, "counted/b.csv.gz", GZIPPED);
        String gcsBucket = buckets.newBucket();
        buckets.put(gcsBucket, "crm/members.csv", CSV.getBytes(StandardCharsets.UTF_8));

        Azurite azurite = Azurite.shared();
        BlobContainerClient container = new BlobServiceClientBuilder().endpoint(azurite.accountUrl())
                .credential(new StorageSharedKeyCredential(Azurite.ACCOUNT, Azurite.KEY))
                .httpClient(new JdkHttpClientBuilder().build()).buildClient()
                .createBlobContainer("e2e-" + UUID.randomUUID().toString().substring(0, 8));
        container.getBlobClient("crm/members.csv").upload(BinaryData.fromString(CSV));

        Path home = Files.createDirectories(data.resolve("sftp-home"));
        Files.createDirectories(home.resolve("drops/crm"));
        Files.writeString(home.resolve("drops/crm/members.csv"), CSV);
        sftp = SftpTestServer.start(home);
        Path knownHosts = Files.writeString(data.resolve("known_hosts"),
                sftp.knownHostsLine("127.0.0.1", sftp.port()) + "\n");

        Path directory = Files.createDirectories(data.resolve("mounted/crm"));
        Files.writeString(directory.resolve("members.csv"), CSV);

        Path secrets = Files.createDirectories(data.resolve("secrets"));
        Path s3Secret = Files.writeString(secrets.resolve("s3"), S3ProxyProcess.SECRET + "\n");
        Path wrong = Files.writeString(secrets.resolve("wrong"), WRONG_SECRET);
        Path azureKey = Files.writeString(secrets.resolve("azure"), Azurite.KEY);
        Path sftpPassword = Files.writeString(secrets.resolve("sftp"), SftpTestServer.PASSWORD);
        String endpoint = s3.endpoint().toString();
        String connections = String.join(",",
                "s3=s3://" + bucket + "?endpoint=" + endpoint + "&accessKeyId=" + S3ProxyProcess.ACCESS_KEY_ID
                        + "&secretAccessKey=file:" + s3Secret,
                "gcs=gs://" + gcsBucket + "?endpoint=" + endpoint + "&accessKeyId=" + S3ProxyProcess.ACCESS_KEY_ID
                        + "&secretAccessKey=file:" + s3Secret,
                "azure=azure://" + Azurite.ACCOUNT + "/" + container.getBlobContainerName() + "?endpoint="
                        + azurite.accountUrl() + "&accountKey=file:" + azureKey,
                "sftp=sftp://" + SftpTestServer.USER + "@127.0.0.1:" + sftp.port() + "/drops?password=file:"
                        + sftpPassword + "&knownHosts=" + knownHosts,
                "mounted=S3:" + data.resolve("mounted"),
                "refused=s3://" + bucket + "?endpoint=" + endpoint + "&accessKeyId=" + S3ProxyProcess.ACCESS_KEY_ID
                        + "&secretAccessKey=file:" + wrong);
        server = new TestServer(data, Map.of("EXTAUDIENCES_CONNECTIONS", connections,
                "EXTAUDIENCES_RUN_POLL_MILLIS", "50"));
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            server.close();
        }
        if (sftp != null) {
            sftp.close();
        }
        if (buckets != null) {
            buckets.close();
        }
    }

    private static ApiClient api() {
        return server.api("every-storage");
    }

    private static String audience(String connection, String cloudType) {
        return Calls.createdAudienceFrom(api(), """
                {"name": "From %s", "fields": [{"name": "email", "type": "string", "identityNs": "email"},
                 {"name": "tier", "type": "string"}],
                 "sourceSpec": {"path": "crm/members.csv", "type": "file", "cloudType": "%s",
                  "baseConnectionId": "%s"}, "ttlInDays": 10, "originName": "CUSTOM_UPLOAD"}"""
                .formatted(connection, cloudType, connection));
    }

    private static JsonNode run(String audienceId) {
        ApiClient.Reply started = api().call("POST", Calls.audiencePath(audienceId) + "/runs",
                "{\"dataFilterStartTime\": 0}");
        assertThat(started.status()).as(started.toString()).isEqualTo(200);
        return Calls.awaitRunEnded(api(), audienceId, started.json().get("runId").asText());
    }

    @ParameterizedTest(name = "{0} ({1})")
    @CsvSource({"s3, S3", "gcs, GCS", "azure, Azure", "sftp, SFTP", "mounted, S3"})
    void aFileInAStorageOfEveryKindIsIngestedThroughTheApi(String connection, String cloudType) {
        String id = audience(connection, cloudType);

        JsonNode run = run(id);

        assertThat(run.get("status").asText()).as(run.toString()).isEqualTo("SUCCESS");
        JsonNode page = api().call("GET", Calls.audiencePath(id) + "/members?limit=10", null).json();
        List<String> members = new java.util.ArrayList<>();
        page.get("members").forEach(member -> members.add(member.get("value").asText()));
        assertThat(members).containsExactlyInAnyOrder("ada@example.com", "bob@example.com");
    }

    @Test
    void aRunFromS3ShowsInItsMetricsAndInTheServersWhatItReadObjectsBytesAndRows() {
        String id = Calls.createdAudienceFrom(api(), """
                {"name": "Counted from S3", "fields": [{"name": "email", "type": "string", "identityNs": "email"},
                 {"name": "tier", "type": "string"}],
                 "sourceSpec": {"path": "counted", "type": "folder", "cloudType": "S3", "baseConnectionId": "s3"},
                 "ttlInDays": 10, "originName": "CUSTOM_UPLOAD"}""");
        Map<String, Double> before = sourceCounters("S3");

        JsonNode run = run(id);

        assertThat(run.get("status").asText()).as(run.toString()).isEqualTo("SUCCESS");
        long bytes = PLAIN.getBytes(StandardCharsets.UTF_8).length + GZIPPED.length;
        JsonNode metrics = run.get("metrics");
        assertThat(metrics.get("files").asLong()).isEqualTo(2);
        assertThat(metrics.get("bytesRead").asLong()).as("the objects' bytes as stored: the gzip one compressed")
                .isEqualTo(bytes);
        assertThat(metrics.get("rowsRead").asLong()).isEqualTo(5);
        Map<String, Double> after = sourceCounters("S3");
        assertThat(after.get("objects") - before.get("objects")).isEqualTo(2);
        assertThat(after.get("bytes") - before.get("bytes")).isEqualTo(bytes);
        assertThat(after.get("rows") - before.get("rows")).isEqualTo(5);
        assertThat(sourceCounters("SFTP")).as("every cloud type is shown, from 0").containsOnlyKeys("objects",
                "bytes", "rows");
    }

    /** The server's counters of what runs read from storages of {@code cloudType}, from {@code /metrics}. */
    private static Map<String, Double> sourceCounters(String cloudType) {
        String scrape = server.call("GET", "/metrics", null, Map.of()).text();
        Map<String, Double> counters = new java.util.HashMap<>();
        for (String what : List.of("objects", "bytes", "rows")) {
            Matcher matcher = Pattern.compile("(?m)^extaudiences_source_" + what + "_total\\{cloud_type=\"" + cloudType
                    + "\"\\} (\\S+)$").matcher(scrape);
            assertThat(matcher.find()).as("extaudiences_source_%s_total of %s in:%n%s", what, cloudType, scrape)
                    .isTrue();
            counters.put(what, Double.parseDouble(matcher.group(1)));
        }
        return counters;
    }

    private static byte[] gzip(String text) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(bytes)) {
            out.write(text.getBytes(StandardCharsets.UTF_8));
        } catch (IOException impossible) {
            throw new UncheckedIOException(impossible);
        }
        return bytes.toByteArray();
    }

    @Test
    void aConnectionWhoseSecretIsRefusedFailsItsRunsNamingItAndNeverTheSecret() {
        String id = audience("refused", "S3");

        JsonNode run = run(id);

        assertThat(run.get("status").asText()).as(run.toString()).isEqualTo("FAILED");
        assertThat(run.toString()).contains("the S3 connection 'refused'").contains("SignatureDoesNotMatch")
                .doesNotContain(WRONG_SECRET).doesNotContain(S3ProxyProcess.SECRET);
    }
}
