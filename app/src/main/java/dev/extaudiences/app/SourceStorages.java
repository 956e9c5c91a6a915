package dev.extaudiences.app;

import dev.extaudiences.adapter.azure.AzureBlobStorage;
import dev.extaudiences.adapter.azure.AzureConnection;
import dev.extaudiences.adapter.azure.AzureCredentials;
import dev.extaudiences.adapter.files.DirectoryStorage;
import dev.extaudiences.adapter.s3.Addressing;
import dev.extaudiences.adapter.s3.S3Connection;
import dev.extaudiences.adapter.s3.S3Credentials;
import dev.extaudiences.adapter.s3.S3Storage;
import dev.extaudiences.adapter.sftp.Auth;
import dev.extaudiences.adapter.sftp.KnownHosts;
import dev.extaudiences.adapter.sftp.SftpConnection;
import dev.extaudiences.adapter.sftp.SftpStorage;
import dev.extaudiences.core.port.out.SourceStorage;
import dev.extaudiences.core.service.StoredSourceFiles;
import dev.extaudiences.core.source.CloudType;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The storage of every configured connection, each over its own protocol, built at start from its setting with its
 * secrets read from where their references point; and the closing of them all when the server stops (a storage of a
 * remote protocol holds connections and threads). Nothing is sent to a storage here: a connection that cannot be
 * reached still lets the server start, and its runs fail saying why.
 */
final class SourceStorages implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SourceStorages.class);

    private final List<StoredSourceFiles.Connected> connected;
    private final List<AutoCloseable> open;

    private SourceStorages(List<StoredSourceFiles.Connected> connected, List<AutoCloseable> open) {
        this.connected = List.copyOf(connected);
        this.open = List.copyOf(open);
    }

    /** The storages of {@code connections}, their secrets read from {@code environment} or the files named. */
    static SourceStorages open(List<ConnectionSetting> connections, Map<String, String> environment) {
        List<StoredSourceFiles.Connected> connected = new ArrayList<>();
        List<AutoCloseable> open = new ArrayList<>();
        try {
            for (ConnectionSetting setting : connections) {
                SourceStorage storage = storage(setting, environment);
                if (storage instanceof AutoCloseable closeable) {
                    open.add(closeable);
                }
                connected.add(new StoredSourceFiles.Connected(setting.connection(), storage));
            }
            return new SourceStorages(connected, open);
        } catch (RuntimeException cannotStart) {
            new SourceStorages(connected, open).close();
            throw cannotStart;
        }
    }

    List<StoredSourceFiles.Connected> connected() {
        return connected;
    }

    private static SourceStorage storage(ConnectionSetting setting, Map<String, String> environment) {
        try {
            // (a switch over the sealed settings once the build is on Java 21)
            if (setting instanceof ConnectionSetting.Directory directory) {
                return directory(directory);
            }
            if (setting instanceof ConnectionSetting.ObjectStore bucket) {
                return S3Storage.of(s3(bucket, environment));
            }
            if (setting instanceof ConnectionSetting.AzureBlob container) {
                return AzureBlobStorage.of(azure(container, environment));
            }
            return new SftpStorage(sftp((ConnectionSetting.Sftp) setting, environment));
        } catch (IllegalArgumentException | UncheckedIOException unusable) {
            // a key that cannot be read, a known-hosts file that is not one: said at start, not at every run
            throw new CannotStart("CONNECTIONS", "connection '" + setting.id() + "': " + unusable.getMessage());
        }
    }

    /** A connection's directory that is not there is a typo or a mount missing: said at start, not at every run. */
    private static SourceStorage directory(ConnectionSetting.Directory directory) {
        if (!Files.isDirectory(directory.directory())) {
            throw new CannotStart("CONNECTIONS", "connection '" + directory.id() + "': "
                    + directory.directory().toAbsolutePath() + " is not a directory");
        }
        return DirectoryStorage.of(directory.directory());
    }

    private static S3Connection s3(ConnectionSetting.ObjectStore bucket, Map<String, String> environment) {
        S3Credentials credentials = bucket.accessKeyId()
                .map(id -> S3Credentials.of(id, bucket.secretAccessKey().orElseThrow().resolve(environment)))
                .orElseGet(S3Credentials::defaultChain);
        Addressing addressing = bucket.pathStyle() ? Addressing.PATH : Addressing.VIRTUAL_HOSTED;
        if (bucket.cloudType() == CloudType.GCS) {
            // GCS's XML API: its own endpoint (another one stands in for it in a test), the location auto, by path
            return new S3Connection(bucket.bucket(), bucket.prefix(), Optional.of(bucket.endpoint()
                    .orElse(S3Connection.GCS_ENDPOINT)), Optional.of(bucket.region().orElse("auto")), Addressing.PATH,
                    credentials);
        }
        return new S3Connection(bucket.bucket(), bucket.prefix(), bucket.endpoint(), bucket.region(), addressing,
                credentials);
    }

    private static AzureConnection azure(ConnectionSetting.AzureBlob container, Map<String, String> environment) {
        AzureCredentials credentials = container.accountKey()
                .<AzureCredentials>map(key -> new AzureCredentials.AccountKey(key.resolve(environment)))
                .or(() -> container.sasToken().map(sas -> new AzureCredentials.SasToken(sas.resolve(environment))))
                .orElseGet(AzureCredentials.DefaultChain::new);
        return new AzureConnection(container.account(), container.container(), container.prefix(),
                container.endpoint(), credentials);
    }

    private static SftpConnection sftp(ConnectionSetting.Sftp server, Map<String, String> environment) {
        Auth auth = server.privateKey()
                .map(key -> Auth.privateKeyFile(key, server.passphrase().map(phrase -> phrase.resolve(environment))))
                .orElseGet(() -> Auth.password(server.password().orElseThrow().resolve(environment)));
        return SftpConnection.of(server.host(), server.user(), server.root(), auth,
                KnownHosts.read(server.knownHosts())).withPort(server.port());
    }

    @Override
    public void close() {
        for (AutoCloseable storage : open) {
            try {
                storage.close();
            } catch (Exception failure) {
                LOG.warn("closing a source storage failed", failure);
            }
        }
    }
}
