package dev.extaudiences.adapter.s3;

import java.util.Objects;

/**
 * Who a storage signs its requests as: a key pair the application has already read (from the variable or file its
 * configuration names), or whatever the AWS SDK's default chain finds where it runs (environment, profile, web
 * identity, container or instance role). No form of it ever shows a secret.
 */
public sealed interface S3Credentials {

    /** An access key id and its secret: AWS keys, GCS HMAC keys, a MinIO or R2 key pair. */
    static S3Credentials of(String accessKeyId, String secret) {
        return new Static(accessKeyId, secret);
    }

    /** The SDK's default credential chain, resolved where the server runs. */
    static S3Credentials defaultChain() {
        return new DefaultChain();
    }

    /** How a failure names the credentials: an access key id is no secret, and tells which key was refused. */
    String described();

    /** A key pair. The access key id may be shown; the secret never is. */
    record Static(String accessKeyId, String secret) implements S3Credentials {

        public Static {
            Objects.requireNonNull(accessKeyId, "accessKeyId");
            Objects.requireNonNull(secret, "secret");
            if (accessKeyId.isBlank() || secret.isBlank()) {
                throw new IllegalArgumentException("an S3 key pair needs an access key id and a secret, neither blank");
            }
        }

        @Override
        public String described() {
            return "access key id '" + accessKeyId + "'";
        }

        @Override
        public String toString() {
            return "Static[accessKeyId=" + accessKeyId + ", secret=****]";
        }
    }

    /** The SDK's default chain: the secret, if any, is the SDK's alone. */
    record DefaultChain() implements S3Credentials {

        @Override
        public String described() {
            return "the credentials of the default AWS credential chain";
        }
    }
}
