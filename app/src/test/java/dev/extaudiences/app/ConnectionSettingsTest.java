package dev.extaudiences.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.extaudiences.core.source.CloudType;
import dev.extaudiences.core.source.Connection;
import dev.extaudiences.core.source.ConnectionId;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How a connection is written in {@code EXTAUDIENCES_CONNECTIONS}, and that its secrets are never written there. */
class ConnectionSettingsTest {

    private static final Connection.Reach ANY_ORG = new Connection.Reach.AnyOrg();

    private static ConnectionSetting one(String raw) {
        List<ConnectionSetting> parsed = ConnectionSettings.parse(raw);
        assertThat(parsed).hasSize(1);
        return parsed.get(0);
    }

    @Test
    void aDirectoryStandsForAStorageOfItsCloudType() {
        assertThat(one("gold=S3:/mnt/gold-bucket")).isEqualTo(new ConnectionSetting.Directory(
                new ConnectionId("gold"), CloudType.S3, Path.of("/mnt/gold-bucket"), ANY_ORG));
    }

    @Test
    void aDirectoryNamesItsCloudTypeInAnyCaseAndIsDescribedByItsName() {
        Map<String, CloudType> names = new java.util.LinkedHashMap<>();
        names.put("S3", CloudType.S3);
        names.put("DLZ", CloudType.DLZ);
        names.put("GCS", CloudType.GCS);
        names.put("Azure", CloudType.AZURE);
        names.put("SFTP", CloudType.SFTP);
        names.forEach((name, type) -> {
            for (String spelt : List.of(name, name.toLowerCase(java.util.Locale.ROOT),
                    name.toUpperCase(java.util.Locale.ROOT), " " + name + " ")) {
                ConnectionSetting directory = one("gold=" + spelt + ":/mnt/gold");
                assertThat(directory.cloudType()).as(spelt).isEqualTo(type);
                assertThat(directory.describe()).as(spelt)
                        .isEqualTo(name + " read from directory " + Path.of("/mnt/gold").toAbsolutePath());
            }
        });
    }

    @Test
    void aDirectoryOfACloudTypeNoStorageHasIsRefusedNamingTheTypes() {
        assertThatThrownBy(() -> one("gold=FTP:/mnt/gold")).isInstanceOf(Settings.InvalidSetting.class)
                .hasMessage("EXTAUDIENCES_CONNECTIONS: 'gold=FTP:/mnt/gold': TYPE 'FTP' is not one "
                        + "of S3, DLZ, GCS, Azure, SFTP");
        assertThatThrownBy(() -> one("gold=Cloud Storage:/mnt/gold?orgs=1@AdobeOrg"))
                .isInstanceOf(Settings.InvalidSetting.class)
                .hasMessage("EXTAUDIENCES_CONNECTIONS: 'gold=Cloud Storage:/mnt/gold?...': TYPE "
                        + "'Cloud Storage' is not one of S3, DLZ, GCS, Azure, SFTP");
    }

    @Test
    void aConnectionIsDescribedByItsCloudTypeAndWhereItIs() {
        assertThat(one("gold=s3://audiences/crm?region=eu-west-1&endpoint=http://localhost:9000"
                + "&accessKeyId=AKIDEXAMPLE&secretAccessKey=env:GOLD_SECRET").describe())
                .isEqualTo("S3 bucket audiences under crm at http://localhost:9000 in eu-west-1, access key "
                        + "AKIDEXAMPLE, secret env:GOLD_SECRET");
        assertThat(one("g=gs://drops?accessKeyId=GOOG1EXAMPLE&secretAccessKey=env:HMAC").describe())
                .isEqualTo("GCS bucket drops, access key GOOG1EXAMPLE, secret env:HMAC");
        assertThat(one("aws=s3://audiences").describe()).isEqualTo("S3 bucket audiences, default credentials");
        assertThat(one("az=azure://acct/audiences/crm?endpoint=http://127.0.0.1:10000/acct&sasToken=env:SAS")
                .describe()).isEqualTo("Azure container audiences of account acct under crm at "
                        + "http://127.0.0.1:10000/acct, SAS token env:SAS");
        assertThat(one("ftp=sftp://loader@files.example.com/exports?privateKey=/keys/id&knownHosts=/etc/kh")
                .describe()).isEqualTo("SFTP sftp://loader@files.example.com:22/exports, private key "
                        + Path.of("/keys/id").toAbsolutePath() + ", host keys from "
                        + Path.of("/etc/kh").toAbsolutePath());
    }

    @Test
    void anS3BucketNamesItsPrefixEndpointRegionAndItsSecretByReference() {
        assertThat(one("gold=s3://audiences/exports/crm/?region=eu-west-1&endpoint=http://localhost:9000"
                + "&pathStyle=true&accessKeyId=AKIDEXAMPLE&secretAccessKey=env:GOLD_SECRET"))
                .isEqualTo(new ConnectionSetting.ObjectStore(new ConnectionId("gold"), CloudType.S3, "audiences",
                        "exports/crm", Optional.of(URI.create("http://localhost:9000")), Optional.of("eu-west-1"),
                        true, Optional.of("AKIDEXAMPLE"),
                        Optional.of(new SecretReference.Environment("GOLD_SECRET")), ANY_ORG));
        ConnectionSetting chain = one("aws=s3://audiences");
        assertThat(chain.describe()).contains("default credentials");
    }

    @Test
    void aGcsBucketIsReadOverTheS3ApiWithItsHmacKey() {
        ConnectionSetting gcs = one("g=gs://my-bucket/drops?accessKeyId=GOOG1EXAMPLE&secretAccessKey=file:/run/hmac");
        assertThat(gcs.cloudType()).isEqualTo(CloudType.GCS);
        assertThat(((ConnectionSetting.ObjectStore) gcs).secretAccessKey())
                .contains(new SecretReference.File(Path.of("/run/hmac")));
        assertThatThrownBy(() -> one("g=gs://my-bucket")).hasMessageContaining("HMAC");
    }

    @Test
    void anAzureContainerTakesAnAccountKeyASasTokenOrTheDefaultChain() {
        assertThat(one("az=azure://acct/audiences/crm?accountKey=env:AZ_KEY")).isEqualTo(
                new ConnectionSetting.AzureBlob(new ConnectionId("az"), "acct", "audiences", "crm", Optional.empty(),
                        Optional.of(new SecretReference.Environment("AZ_KEY")), Optional.empty(), ANY_ORG));
        assertThat(one("az=azure://acct/audiences?sasToken=file:/run/sas").describe()).contains("SAS token file:");
        assertThat(one("az=azure://acct/audiences").describe()).contains("default credentials");
        assertThatThrownBy(() -> one("az=azure://acct")).hasMessageContaining("container");
    }

    @Test
    void anSftpServerNeedsACredentialAndItsKnownHostKey() {
        assertThat(one("ftp=sftp://loader@files.example.com:2222/exports?password=env:SFTP_PW"
                + "&knownHosts=/etc/extaudiences/known_hosts")).isEqualTo(new ConnectionSetting.Sftp(
                new ConnectionId("ftp"), "loader", "files.example.com", 2222, "/exports",
                Optional.of(new SecretReference.Environment("SFTP_PW")), Optional.empty(), Optional.empty(),
                Path.of("/etc/extaudiences/known_hosts"), ANY_ORG));
        assertThatThrownBy(() -> one("ftp=sftp://loader@h/x?password=env:PW")).hasMessageContaining("knownHosts");
        assertThatThrownBy(() -> one("ftp=sftp://loader@h/x?knownHosts=/k")).hasMessageContaining("password");
    }

    @Test
    void aConnectionMayBeOpenToSomeOrgsOnly() {
        Connection.Reach two = new Connection.Reach.Orgs(java.util.Set.of("111@AdobeOrg", "222@AdobeOrg"));
        assertThat(one("gold=S3:/mnt/gold?orgs=111@AdobeOrg;222@AdobeOrg").reach()).isEqualTo(two);
        assertThat(one("gold=s3://b/p?orgs=111@AdobeOrg;222@AdobeOrg").reach()).isEqualTo(two);
        assertThat(one("gold=S3:/mnt/gold").reach()).isEqualTo(ANY_ORG);
        assertThatThrownBy(() -> one("gold=S3:/mnt/gold?orgs=;")).hasMessageContaining("at least one org");
        assertThatThrownBy(() -> one("gold=S3:/mnt/gold?owner=x")).hasMessageContaining("unknown parameter owner");
    }

    @Test
    void aSecretWrittenInPlaceIsRefusedWithoutBeingEchoed() {
        assertThatThrownBy(() -> one("gold=s3://b?accessKeyId=AKID&secretAccessKey=wJalrXUtnFEMI"))
                .isInstanceOf(Settings.InvalidSetting.class)
                .hasMessageContaining("EXTAUDIENCES_CONNECTIONS")
                .hasMessageContaining("env:NAME or file:/path")
                .hasMessageNotContaining("wJalrXUtnFEMI");
        assertThatThrownBy(() -> one("ftp=sftp://loader:hunter2@h/x?knownHosts=/k"))
                .hasMessageNotContaining("hunter2");
    }

    @Test
    void mistakesAreNamed() {
        assertThatThrownBy(() -> one("gold=s3://b?regoin=eu-west-1")).hasMessageContaining("unknown parameter regoin");
        assertThatThrownBy(() -> one("gold=ftp://b")).hasMessageContaining("'ftp://' is not a storage");
        assertThatThrownBy(() -> ConnectionSettings.parse("a=S3:/x,a=GCS:/y")).hasMessageContaining("twice");
        assertThatThrownBy(() -> one("gold=s3://b?accessKeyId=AKID")).hasMessageContaining("go together");
        assertThatThrownBy(() -> one("gold")).hasMessageContaining("id=TYPE:/directory");
    }

    @Test
    void aReferenceIsResolvedAtStartAndAReferenceToNothingStopsIt(@TempDir Path temp) throws Exception {
        Path file = Files.writeString(temp.resolve("secret"), "s3cr3t\n");
        assertThat(new SecretReference.File(file).resolve(Map.of())).isEqualTo("s3cr3t");
        assertThat(new SecretReference.Environment("PW").resolve(Map.of("PW", "pa55"))).isEqualTo("pa55");
        assertThatThrownBy(() -> new SecretReference.Environment("PW").resolve(Map.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("PW is not set");
        assertThatThrownBy(() -> new SecretReference.File(temp.resolve("nope")).resolve(Map.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cannot be read");
    }
}
