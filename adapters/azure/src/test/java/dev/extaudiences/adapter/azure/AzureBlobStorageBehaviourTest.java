package dev.extaudiences.adapter.azure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.azure.storage.blob.sas.BlobContainerSasPermission;
import com.azure.storage.blob.sas.BlobServiceSasSignatureValues;
import dev.extaudiences.core.port.out.SourceStorage;
import dev.extaudiences.core.source.FileState;
import dev.extaudiences.core.source.SourceException;
import dev.extaudiences.core.source.SourceFile;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What the contract leaves to Azure: SAS tokens, the ETag as the version and If-Match on every read, the prefix as
 * the root, Data Lake folder markers, and how each failure reads, with no secret in any message or log line.
 */
class AzureBlobStorageBehaviourTest {

    private AzurePlace place;

    @BeforeEach
    void openPlace() throws Exception {
        place = AzurePlace.fresh();
    }

    @AfterEach
    void closePlace() {
        place.close();
    }

    private static byte[] text(String content) {
        return content.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] readAll(InputStream in) throws IOException {
        try (in) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            in.transferTo(out);
            return out.toByteArray();
        }
    }

    private String sas(BlobContainerSasPermission permission) {
        return place.blobs().generateSas(new BlobServiceSasSignatureValues(OffsetDateTime.now().plusHours(1),
                permission));
    }

    private static BlobContainerSasPermission readAndList() {
        return new BlobContainerSasPermission().setReadPermission(true).setListPermission(true);
    }

    private String where() {
        return "Azure Blob container " + place.connection(new AzureCredentials.AccountKey(Azurite.KEY)).containerUrl()
                + " under prefix 'imports/daily/'";
    }

    @Test
    void aSasTokenWithReadAndListReadsTheContainer() throws Exception {
        place.put("crm/members.csv", text("email\nada@example.com\n"));
        SourceStorage storage = place.storageOf(new AzureCredentials.SasToken("?" + sas(readAndList())));

        SourceFile file = storage.file("crm/members.csv").orElseThrow();

        assertThat(storage.folder("crm")).contains(List.of(file));
        assertThat(readAll(storage.open(file, 6))).isEqualTo(text("ada@example.com\n"));
    }

    @Test
    void aSasTokenWithoutListIsRefusedAListingNamingThePermission() {
        SourceStorage storage = place.storageOf(new AzureCredentials.SasToken(
                sas(new BlobContainerSasPermission().setReadPermission(true))));

        SourceException refused = catchThrowableOfType(SourceException.class, () -> storage.folder("crm"));

        assertThat(refused.kind()).isEqualTo(SourceException.Kind.STORAGE_FAILURE);
        assertThat(refused.getMessage()).isEqualTo(where() + ": listing 'crm' failed: the credentials do not "
                + "permit it (403 AuthorizationPermissionMismatch)");
    }

    @Test
    void aRefusedKeyAMissingContainerAndAnUnreachableEndpointAreNamed() throws Exception {
        var faults = place.faults().orElseThrow();

        SourceException refused = catchThrowableOfType(SourceException.class,
                () -> faults.withWrongCredentials().file("crm/members.csv"));
        SourceException missing = catchThrowableOfType(SourceException.class,
                () -> faults.ofMissingPlace().folder("crm"));
        SourceException unreachable = catchThrowableOfType(SourceException.class,
                () -> faults.unreachable().folder("crm"));
        place.put("crm/members.csv", text("email\n"));
        SourceFile listed = place.storage().file("crm/members.csv").orElseThrow();
        SourceException refusedRead = catchThrowableOfType(SourceException.class,
                () -> faults.withWrongCredentials().open(listed, 0));

        assertThat(refused.getMessage()).isEqualTo(where() + ": describing 'crm/members.csv' failed: the credentials "
                + "were refused (403 AuthorizationFailure)");
        assertThat(refusedRead.getMessage()).isEqualTo(where() + ": opening 'crm/members.csv' at byte 0 failed: "
                + "the credentials were refused (403 AuthorizationFailure)");
        assertThat(missing.getMessage()).matches("Azure Blob container http://127\\.0\\.0\\.1:\\d+/devstoreaccount1/"
                + "missing-[0-9a-f-]+ under prefix 'imports/daily/': listing 'crm' failed: the container was not found "
                + "\\(404 ContainerNotFound\\)");
        assertThat(unreachable.getMessage()).matches("Azure Blob container http://127\\.0\\.0\\.1:\\d+/"
                + "devstoreaccount1/place-[0-9a-f-]+ under prefix 'imports/daily/': listing 'crm' failed: the endpoint "
                + "is unreachable, still after 3 tries \\(ConnectException\\)");
    }

    @Test
    void theVersionIsTheEtagAndARewriteOfTheSameSizeIsToldByIt() throws Exception {
        place.put("crm/members.csv", text("email\nada@example.com\n"));
        SourceFile listed = place.storage().folder("crm").orElseThrow().get(0);
        String etag = place.blobs().getBlobClient(place.blobName("crm/members.csv")).getProperties().getETag();

        place.put("crm/members.csv", text("email\nbob@example.com\n"));
        SourceFile now = place.storage().file("crm/members.csv").orElseThrow();

        assertThat(listed.version()).contains('"' + etag.replace("\"", "") + '"');
        assertThat(now.sizeBytes()).isEqualTo(listed.sizeBytes());
        assertThat(FileState.compare(listed, now)).isInstanceOfSatisfying(FileState.Changed.class, changed ->
                assertThat(changed.differences()).contains(new FileState.Difference.Version(listed.version().get(),
                        now.version().get())));
    }

    @Test
    void aReadResumedAfterTheBlobWasRewrittenIsRefusedByIfMatch() throws Exception {
        byte[] first = new byte[256 * 1024];
        new Random(1).nextBytes(first);
        place.put("big.csv", first);
        SourceFile listed = place.storage().file("big.csv").orElseThrow();
        byte[] head;
        try (InputStream in = place.storage().open(listed, 0)) {
            head = in.readNBytes(1000);
        }
        byte[] second = first.clone();
        second[5000] ^= 1; // same size, and most likely the same second: only the ETag tells
        place.put("big.csv", second);

        SourceException refused = catchThrowableOfType(SourceException.class,
                () -> place.storage().open(listed, head.length));

        assertThat(head).isEqualTo(Arrays.copyOf(first, 1000));
        assertThat(refused.kind()).isEqualTo(SourceException.Kind.MISSING);
        assertThat(refused.getMessage()).isEqualTo("file 'big.csv' was rewritten since it was listed: its ETag is "
                + place.storage().file("big.csv").orElseThrow().version().orElseThrow() + ", not "
                + listed.version().orElseThrow());
    }

    @Test
    void aReaderSlowerThanTheReadTimeoutIsNotTakenForAStalledNetwork() throws Exception {
        byte[] content = new byte[16 * 1024 * 1024]; // more than the SDK reads ahead, so the network waits on us
        new Random(3).nextBytes(content);
        place.put("big.csv", content);
        AzureLimits oneSecond = new AzureLimits(5, Duration.ofSeconds(1), Duration.ofSeconds(1), 3,
                Duration.ofMillis(50), Duration.ofMillis(200));
        try (AzureBlobStorage storage = AzureBlobStorage.of(place.connection(new AzureCredentials.AccountKey(
                Azurite.KEY)), oneSecond); InputStream in = storage.open(storage.file("big.csv").orElseThrow(), 0)) {
            byte[] head = in.readNBytes(10);
            Thread.sleep(1500); // a run waiting on its database between two batches of rows, longer than the timeout
            byte[] rest = in.readAllBytes();

            assertThat(head).isEqualTo(Arrays.copyOf(content, 10));
            assertThat(rest).isEqualTo(Arrays.copyOfRange(content, 10, content.length));
        }
    }

    @Test
    void aBlobDeletedSinceItWasListedIsMissingWhenOpened() throws Exception {
        place.put("crm/members.csv", text("email\n"));
        SourceFile listed = place.storage().file("crm/members.csv").orElseThrow();
        place.delete("crm/members.csv");

        SourceException gone = catchThrowableOfType(SourceException.class, () -> place.storage().open(listed, 0));

        assertThat(gone.kind()).isEqualTo(SourceException.Kind.MISSING);
        assertThat(gone.getMessage()).isEqualTo("file 'crm/members.csv' no longer exists");
    }

    @Test
    void nothingOutsideThePrefixIsSeen() throws Exception {
        place.blobs().getBlobClient("imports/dailyish/a.csv").upload(com.azure.core.util.BinaryData.fromString("x"));
        place.blobs().getBlobClient("imports/b.csv").upload(com.azure.core.util.BinaryData.fromString("x"));
        place.put("c.csv", text("email\n"));

        assertThat(place.storage().folder("").orElseThrow()).extracting(SourceFile::path).containsExactly("c.csv");
        assertThat(place.storage().file("../b.csv")).isEmpty();
        assertThat(place.storage().file("")).isEmpty();
    }

    @Test
    void theRootIsTheContainerWithoutAPrefixAndThePrefixsNamesWithOne() throws Exception {
        try (AzurePlace bare = new AzurePlace("", storage -> storage)) {
            assertThat(bare.storage().folder("")).contains(List.of());
            bare.put("top.csv", text("email\n"));
            assertThat(bare.storage().folder("").orElseThrow()).extracting(SourceFile::path).containsExactly("top.csv");
        }
        assertThat(place.storage().folder("")).isEmpty();
    }

    @Test
    void aDataLakeFolderMarkerIsAFolderNotAFile() throws Exception {
        place.put("drops/a.csv", text("email\n"));
        place.put("drops/archive", new byte[0], Map.of("hdi_isfolder", "true"));

        assertThat(place.storage().file("drops/archive")).isEmpty();
        assertThat(place.storage().folder("drops").orElseThrow()).extracting(SourceFile::path)
                .containsExactly("drops/a.csv");
    }

    @Test
    void noSecretIsInAnyMessageCauseOrLogLine() throws Exception {
        place.put("crm/members.csv", text("email\nada@example.com\n"));
        String sas = sas(readAndList());
        String forged = sas.replaceAll("sig=[^&]+", "sig=" + java.net.URLEncoder.encode(AzurePlace.randomKey(),
                StandardCharsets.UTF_8));
        var faults = place.faults().orElseThrow();
        CapturedLogs.clear();

        SourceStorage bySas = place.storageOf(new AzureCredentials.SasToken(sas));
        SourceFile listed = bySas.file("crm/members.csv").orElseThrow();
        readAll(bySas.open(listed, 0));
        SourceStorage byForgedSas = place.storageOf(new AzureCredentials.SasToken(forged));
        List<Throwable> failures = List.of(
                catchThrowableOfType(SourceException.class, () -> byForgedSas.folder("crm")),
                catchThrowableOfType(SourceException.class, () -> byForgedSas.file("crm/members.csv")),
                catchThrowableOfType(SourceException.class, () -> faults.withWrongCredentials().folder("crm")),
                catchThrowableOfType(SourceException.class, () -> faults.ofMissingPlace().file("crm/members.csv")),
                catchThrowableOfType(SourceException.class, () -> faults.unreachable().file("crm/members.csv")),
                catchThrowableOfType(SourceException.class, () -> byForgedSas.open(listed, 0)));

        List<String> secrets = List.of(Azurite.KEY, faults.wrongSecret(), sas, signature(sas),
                URLDecoder.decode(signature(sas), StandardCharsets.UTF_8), forged, signature(forged),
                URLDecoder.decode(signature(forged), StandardCharsets.UTF_8));
        assertThat(failures).doesNotContainNull();
        for (Throwable failure : failures) {
            for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
                for (String secret : secrets) {
                    assertThat(String.valueOf(cause.getMessage())).doesNotContain(secret);
                }
            }
        }
        List<String> logged = CapturedLogs.lines();
        assertThat(logged).as("the SDK logged its requests").anyMatch(line -> line.contains("sig=REDACTED"));
        for (String secret : secrets) {
            assertThat(logged).noneMatch(line -> line.contains(secret));
        }
        for (Object shown : List.of(new AzureCredentials.SasToken(sas), new AzureCredentials.AccountKey(Azurite.KEY),
                place.connection(new AzureCredentials.SasToken(sas)), bySas)) {
            for (String secret : secrets) {
                assertThat(shown.toString()).doesNotContain(secret);
            }
        }
    }

    private static String signature(String sas) {
        Matcher sig = Pattern.compile("sig=([^&]+)").matcher(sas);
        assertThat(sig.find()).isTrue();
        return sig.group(1);
    }

    @Test
    void aConnectionRefusesWhatTheServiceWouldWithoutShowingAnEndpointsQuery() {
        AzureCredentials key = new AzureCredentials.AccountKey(Azurite.KEY);

        IllegalArgumentException query = catchThrowableOfType(IllegalArgumentException.class, () ->
                new AzureConnection("acct", "audiences", "", Optional.of(URI.create(
                        "https://acct.blob.core.windows.net/?sv=2024&sig=c2VjcmV0")), key));
        IllegalArgumentException bearerOverHttp = catchThrowableOfType(IllegalArgumentException.class, () ->
                new AzureConnection("acct", "audiences", "", Optional.of(URI.create("http://127.0.0.1:10000/acct")),
                        new AzureCredentials.DefaultChain()));

        assertThat(query.getMessage()).doesNotContain("c2VjcmV0").doesNotContain("sv=");
        assertThat(bearerOverHttp.getMessage()).contains("https");
        assertThat(catchThrowableOfType(IllegalArgumentException.class, () ->
                AzureConnection.of("Acct", "audiences", "", key))).hasMessageContaining("'Acct'");
        assertThat(catchThrowableOfType(IllegalArgumentException.class, () ->
                AzureConnection.of("acct", "my--container", "", key))).hasMessageContaining("'my--container'");
        assertThat(catchThrowableOfType(IllegalArgumentException.class, () ->
                AzureConnection.of("acct", "audiences", "crm/../hr", key))).hasMessageContaining("'..'");
        AzureConnection normalised = AzureConnection.of("acct", "audiences", "/crm//gold/", key);
        assertThat(normalised.prefix()).isEqualTo("crm/gold");
        assertThat(normalised.place()).isEqualTo("https://acct.blob.core.windows.net/audiences under prefix "
                + "'crm/gold/'");
    }

    @Test
    void theDefaultCredentialChainIsBuiltWithoutAskingAnything() {
        try (AzureBlobStorage storage = AzureBlobStorage.of(AzureConnection.of("acct", "audiences", "crm",
                new AzureCredentials.DefaultChain()))) {
            assertThat(storage.toString()).isEqualTo("AzureBlobStorage[https://acct.blob.core.windows.net/audiences "
                    + "under prefix 'crm/']");
        }
    }
}
