package dev.extaudiences.app;

import dev.extaudiences.core.source.CloudType;
import dev.extaudiences.core.source.Connection;
import dev.extaudiences.core.source.ConnectionId;
import java.net.URI;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * One configured connection: the id a {@code baseConnectionId} names, the cloud type it stands for, and where and how
 * its files are reached. Secrets are held as references only ({@link SecretReference}), so that {@link #describe()}
 * and every {@code toString} can be logged as they are.
 */
public sealed interface ConnectionSetting {

    ConnectionId id();

    CloudType cloudType();

    /** Which orgs may name it ({@code orgs=} in the setting; every org without it). */
    Connection.Reach reach();

    /** Where the connection reads, for the start's log: references to its secrets at most. */
    String describe();

    /** The connection as the domain knows it. */
    default Connection connection() {
        return new Connection(id(), cloudType(), reach());
    }

    /** A local or mounted directory standing for a storage of the cloud type. */
    record Directory(ConnectionId id, CloudType cloudType, Path directory, Connection.Reach reach) implements ConnectionSetting {
        public Directory {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(reach, "reach");
            Objects.requireNonNull(cloudType, "cloudType");
            Objects.requireNonNull(directory, "directory");
        }

        @Override
        public String describe() {
            return ConnectionSettings.typeName(cloudType) + " read from directory " + directory.toAbsolutePath();
        }
    }

    /**
     * An S3 bucket, or a bucket of a store speaking the S3 API: GCS through its XML API with HMAC keys, MinIO, Ceph,
     * R2. Without an access key the SDK's default credential chain is asked (environment, profile, instance role).
     */
    record ObjectStore(ConnectionId id, CloudType cloudType, String bucket, String prefix, Optional<URI> endpoint,
                       Optional<String> region, boolean pathStyle, Optional<String> accessKeyId,
                       Optional<SecretReference> secretAccessKey, Connection.Reach reach)
            implements ConnectionSetting {
        public ObjectStore {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(reach, "reach");
            Objects.requireNonNull(cloudType, "cloudType");
            Objects.requireNonNull(bucket, "bucket");
            Objects.requireNonNull(prefix, "prefix");
            Objects.requireNonNull(endpoint, "endpoint");
            Objects.requireNonNull(region, "region");
            Objects.requireNonNull(accessKeyId, "accessKeyId");
            Objects.requireNonNull(secretAccessKey, "secretAccessKey");
        }

        @Override
        public String describe() {
            return ConnectionSettings.typeName(cloudType) + " bucket " + bucket
                    + (prefix.isEmpty() ? "" : " under " + prefix)
                    + endpoint.map(uri -> " at " + uri).orElse("") + region.map(r -> " in " + r).orElse("")
                    + accessKeyId.map(key -> ", access key " + key + ", secret " + secretAccessKey.orElseThrow())
                    .orElse(", default credentials");
        }
    }

    /** An Azure Blob Storage container: an account key, a SAS token, or the default Azure credential chain. */
    record AzureBlob(ConnectionId id, String account, String container, String prefix, Optional<URI> endpoint,
                     Optional<SecretReference> accountKey, Optional<SecretReference> sasToken,
                     Connection.Reach reach) implements ConnectionSetting {
        public AzureBlob {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(reach, "reach");
            Objects.requireNonNull(account, "account");
            Objects.requireNonNull(container, "container");
            Objects.requireNonNull(prefix, "prefix");
            Objects.requireNonNull(endpoint, "endpoint");
            Objects.requireNonNull(accountKey, "accountKey");
            Objects.requireNonNull(sasToken, "sasToken");
        }

        @Override
        public CloudType cloudType() {
            return CloudType.AZURE;
        }

        @Override
        public String describe() {
            return ConnectionSettings.typeName(cloudType()) + " container " + container + " of account " + account
                    + (prefix.isEmpty() ? "" : " under " + prefix) + endpoint.map(uri -> " at " + uri).orElse("")
                    + accountKey.map(key -> ", account key " + key)
                    .or(() -> sasToken.map(sas -> ", SAS token " + sas)).orElse(", default credentials");
        }
    }

    /**
     * A directory on an SFTP server, its host key checked against a known-hosts file: no host key is ever accepted
     * unchecked. A password, a private key file (with its passphrase, if it has one), or both.
     */
    record Sftp(ConnectionId id, String user, String host, int port, String root, Optional<SecretReference> password,
                Optional<Path> privateKey, Optional<SecretReference> passphrase, Path knownHosts,
                Connection.Reach reach) implements ConnectionSetting {
        public Sftp {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(reach, "reach");
            Objects.requireNonNull(user, "user");
            Objects.requireNonNull(host, "host");
            Objects.requireNonNull(root, "root");
            Objects.requireNonNull(password, "password");
            Objects.requireNonNull(privateKey, "privateKey");
            Objects.requireNonNull(passphrase, "passphrase");
            Objects.requireNonNull(knownHosts, "knownHosts");
        }

        @Override
        public CloudType cloudType() {
            return CloudType.SFTP;
        }

        @Override
        public String describe() {
            return ConnectionSettings.typeName(cloudType()) + " sftp://" + user + "@" + host + ":" + port + root
                    + password.map(p -> ", password " + p).orElse("")
                    + privateKey.map(key -> ", private key " + key.toAbsolutePath()).orElse("")
                    + ", host keys from " + knownHosts.toAbsolutePath();
        }
    }
}
