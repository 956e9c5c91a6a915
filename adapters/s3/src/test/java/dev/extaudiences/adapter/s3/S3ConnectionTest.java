package dev.extaudiences.adapter.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.net.URI;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class S3ConnectionTest {

    @Test
    void gcsIsItsXmlApiSignedForTheLocationAutoByPath() {
        S3Connection gcs = S3Connection.gcs("audiences", "landing/", "GOOG1EXAMPLEKEYID", "hmac-secret-value");

        assertThat(gcs.endpoint()).contains(URI.create("https://storage.googleapis.com"));
        assertThat(gcs.region()).contains("auto");
        assertThat(gcs.addressing()).isEqualTo(Addressing.PATH);
        assertThat(gcs.credentials()).isEqualTo(S3Credentials.of("GOOG1EXAMPLEKEYID", "hmac-secret-value"));
        assertThat(gcs.toString()).isEqualTo("s3://audiences/landing/ at https://storage.googleapis.com (path "
                + "addressing, region auto, access key id 'GOOG1EXAMPLEKEYID')");
    }

    @Test
    void aPrefixIsTheSameRootWhateverSlashesItIsWrittenWith() {
        S3Credentials chain = S3Credentials.defaultChain();

        assertThat(S3Connection.aws("b", "/landing//team-a/", Optional.empty(), chain).prefix())
                .isEqualTo("landing/team-a");
        assertThat(S3Connection.aws("b", "landing/team-a", Optional.empty(), chain).rootKey())
                .isEqualTo("landing/team-a/");
        assertThat(S3Connection.aws("b", "/", Optional.empty(), chain).rootKey()).isEmpty();
        assertThat(S3Connection.aws("b", "", Optional.of("eu-west-1"), chain).toString())
                .isEqualTo("s3://b/ (virtual-hosted addressing, region eu-west-1, the credentials of the default AWS"
                        + " credential chain)");
    }

    @Test
    void noDescriptionShowsTheSecret() {
        S3Credentials pair = S3Credentials.of("AKIAEXAMPLE", "wJalrXUtnFEMI/K7MDENG");
        S3Connection connection = S3Connection.compatible(URI.create("http://minio:9000"), "b", "p", pair);

        assertThat(pair.toString()).isEqualTo("Static[accessKeyId=AKIAEXAMPLE, secret=****]");
        assertThat(connection.toString()).doesNotContain("wJalrXUtnFEMI").contains("AKIAEXAMPLE");
    }

    @Test
    void anEndpointWithAPasswordInItIsRefusedWithoutShowingIt() {
        Throwable refused = catchThrowable(() -> S3Connection.compatible(URI.create("http://key:hunter2@minio:9000"),
                "b", "", S3Credentials.defaultChain()));

        assertThat(refused).isInstanceOf(IllegalArgumentException.class).message().doesNotContain("hunter2");
    }
}
