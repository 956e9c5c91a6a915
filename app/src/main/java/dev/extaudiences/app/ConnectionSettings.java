package dev.extaudiences.app;

import dev.extaudiences.core.error.DomainException;
import dev.extaudiences.core.source.CloudType;
import dev.extaudiences.core.source.Connection;
import dev.extaudiences.core.source.ConnectionId;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Reads {@code EXTAUDIENCES_CONNECTIONS}: {@code id=WHERE} entries, comma-separated, each {@code WHERE} one of
 * <ul>
 *   <li>{@code TYPE:/directory}: a local or mounted directory standing for a storage of that cloud type;</li>
 *   <li>{@code s3://bucket/prefix?region=..&endpoint=..&pathStyle=..&accessKeyId=..&secretAccessKey=env:NAME}
 *   (addressed by path when an endpoint is given, unless {@code pathStyle=false});</li>
 *   <li>{@code gs://bucket/prefix?accessKeyId=..&secretAccessKey=env:NAME} (GCS, its HMAC keys, over the S3 API);</li>
 *   <li>{@code azure://account/container/prefix?endpoint=..&accountKey=env:NAME} (or {@code sasToken=});</li>
 *   <li>{@code sftp://user@host:port/root?password=env:NAME&privateKey=/path&passphrase=env:NAME&knownHosts=/path}.</li>
 * </ul>
 * Each may add {@code orgs=ORG;ORG} (after a {@code ?} for a directory): only those orgs' audiences may read it.
 * A secret is always a reference ({@code env:NAME} or {@code file:/path}), never written in the setting.
 */
final class ConnectionSettings {

    private static final String NAME = "CONNECTIONS";

    private ConnectionSettings() {
    }

    static List<ConnectionSetting> parse(String raw) {
        List<ConnectionSetting> connections = new ArrayList<>();
        Set<ConnectionId> ids = new HashSet<>();
        for (String entry : raw.split(",")) {
            if (entry.isBlank()) {
                continue;
            }
            ConnectionSetting connection = entry(entry.trim());
            if (!ids.add(connection.id())) {
                throw new Settings.InvalidSetting(NAME, "connection '" + connection.id() + "' is configured twice");
            }
            connections.add(connection);
        }
        return List.copyOf(connections);
    }

    private static ConnectionSetting entry(String entry) {
        int equals = entry.indexOf('=');
        if (equals <= 0) {
            throw new Settings.InvalidSetting(NAME, "each entry must be id=TYPE:/directory or id=URL (s3://, gs://, "
                    + "azure://, sftp://), comma-separated; '" + shown(entry) + "' is not");
        }
        String where = entry.substring(equals + 1).trim();
        try {
            ConnectionId id = new ConnectionId(entry.substring(0, equals).trim());
            int scheme = where.indexOf("://");
            return scheme > 0 ? remote(id, where.substring(0, scheme).toLowerCase(java.util.Locale.ROOT), where)
                    : directory(id, where, entry);
        } catch (DomainException | IllegalArgumentException invalid) {
            if (invalid instanceof Settings.InvalidSetting setting) {
                throw setting;
            }
            throw new Settings.InvalidSetting(NAME, "'" + shown(entry) + "': " + invalid.getMessage());
        }
    }

    private static ConnectionSetting directory(ConnectionId id, String given, String entry) {
        int query = given.indexOf('?');
        Parameters parameters = new Parameters(query < 0 ? null : given.substring(query + 1));
        String where = query < 0 ? given : given.substring(0, query);
        int colon = where.indexOf(':');
        if (colon < 1 || colon == where.length() - 1) {
            throw new Settings.InvalidSetting(NAME, "each entry must be id=TYPE:/directory (TYPE one of S3, DLZ, "
                    + "GCS, Azure, SFTP) or id=URL (s3://, gs://, azure://, sftp://), comma-separated; '"
                    + shown(entry) + "' is not");
        }
        ConnectionSetting directory = new ConnectionSetting.Directory(id,
                cloudType(where.substring(0, colon).trim()), Path.of(where.substring(colon + 1).trim()),
                parameters.reach());
        parameters.requireAllUsed("a directory");
        return directory;
    }

    /**
     * A cloud type as this setting names it ({@code TYPE:/directory}, in any case) and as the start's log describes
     * a connection: the names the HTTP API gives them too.
     */
    static String typeName(CloudType type) {
        return switch (type) {
            case S3 -> "S3";
            case DLZ -> "DLZ";
            case GCS -> "GCS";
            case AZURE -> "Azure";
            case SFTP -> "SFTP";
        };
    }

    /** The {@code TYPE} of {@code TYPE:/directory}; a refusal is worded as the API words a {@code cloudType}'s. */
    private static CloudType cloudType(String raw) {
        if (raw.isBlank()) {
            throw new IllegalArgumentException("the TYPE before the directory must not be blank");
        }
        return Arrays.stream(CloudType.values())
                .filter(type -> typeName(type).equalsIgnoreCase(raw.trim()))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("TYPE '" + raw + "' is not one of "
                        + Arrays.stream(CloudType.values()).map(ConnectionSettings::typeName)
                        .collect(Collectors.joining(", "))));
    }

    private static ConnectionSetting remote(ConnectionId id, String scheme, String where) {
        URI uri;
        try {
            uri = new URI(where);
        } catch (URISyntaxException notAUrl) {
            throw new IllegalArgumentException("is not a URL: " + notAUrl.getReason());
        }
        Parameters parameters = new Parameters(uri.getRawQuery());
        ConnectionSetting connection = switch (scheme) {
            case "s3", "gs" -> objectStore(id, scheme, uri, parameters);
            case "azure" -> azure(id, uri, parameters);
            case "sftp" -> sftp(id, uri, parameters);
            default -> throw new IllegalArgumentException("'" + scheme + "://' is not a storage this server reads: "
                    + "s3://, gs://, azure://, sftp://, or TYPE:/directory");
        };
        parameters.requireAllUsed(scheme);
        return connection;
    }

    private static ConnectionSetting objectStore(ConnectionId id, String scheme, URI uri, Parameters parameters) {
        String bucket = required(uri.getAuthority(), "a bucket (" + scheme + "://bucket/prefix)");
        Optional<String> accessKeyId = parameters.text("accessKeyId");
        Optional<SecretReference> secret = parameters.secret("secretAccessKey");
        if (accessKeyId.isPresent() != secret.isPresent()) {
            throw new IllegalArgumentException("accessKeyId and secretAccessKey go together (without both, the "
                    + "default credential chain is used)");
        }
        boolean gcs = scheme.equals("gs");
        Optional<URI> endpoint = parameters.uri("endpoint");
        if (gcs && accessKeyId.isEmpty()) {
            throw new IllegalArgumentException("a GCS connection needs the HMAC key of a service account: "
                    + "accessKeyId and secretAccessKey");
        }
        return new ConnectionSetting.ObjectStore(id, gcs ? CloudType.GCS : CloudType.S3, bucket, prefix(uri),
                endpoint, parameters.text("region"), parameters.flag("pathStyle", endpoint.isPresent()), accessKeyId,
                secret, parameters.reach());
    }

    private static ConnectionSetting azure(ConnectionId id, URI uri, Parameters parameters) {
        String account = required(uri.getAuthority(), "an account (azure://account/container/prefix)");
        String path = uri.getPath() == null ? "" : uri.getPath().replaceFirst("^/", "");
        int slash = path.indexOf('/');
        String container = required(slash < 0 ? path : path.substring(0, slash),
                "a container (azure://account/container/prefix)");
        String prefix = slash < 0 ? "" : path.substring(slash + 1).replaceAll("/+$", "");
        Optional<SecretReference> accountKey = parameters.secret("accountKey");
        Optional<SecretReference> sasToken = parameters.secret("sasToken");
        if (accountKey.isPresent() && sasToken.isPresent()) {
            throw new IllegalArgumentException("accountKey or sasToken, not both");
        }
        return new ConnectionSetting.AzureBlob(id, account, container, prefix, parameters.uri("endpoint"),
                accountKey, sasToken, parameters.reach());
    }

    private static ConnectionSetting sftp(ConnectionId id, URI uri, Parameters parameters) {
        String host = required(uri.getHost(), "a host (sftp://user@host:port/root)");
        String user = required(uri.getUserInfo(), "a user (sftp://user@host:port/root)");
        if (user.contains(":")) {
            throw new IllegalArgumentException("the password goes in password=env:NAME, never in the URL");
        }
        Optional<SecretReference> password = parameters.secret("password");
        Optional<Path> privateKey = parameters.text("privateKey").map(Path::of);
        Optional<SecretReference> passphrase = parameters.secret("passphrase");
        if (password.isEmpty() == privateKey.isEmpty()) {
            throw new IllegalArgumentException("an SFTP connection needs password=env:NAME or privateKey=/path, one "
                    + "of them");
        }
        if (passphrase.isPresent() && privateKey.isEmpty()) {
            throw new IllegalArgumentException("a passphrase is for a privateKey");
        }
        Path knownHosts = parameters.text("knownHosts").map(Path::of).orElseThrow(() -> new IllegalArgumentException(
                "an SFTP connection needs knownHosts=/path, a known_hosts file with the server's host key: no host "
                        + "key is accepted unchecked"));
        String root = required(uri.getPath(), "a root directory, absolute on the server (sftp://user@host:port/root)");
        return new ConnectionSetting.Sftp(id, user, host, uri.getPort() == -1 ? 22 : uri.getPort(), root, password,
                privateKey, passphrase, knownHosts, parameters.reach());
    }

    private static String prefix(URI uri) {
        String path = uri.getPath() == null ? "" : uri.getPath();
        return path.replaceFirst("^/+", "").replaceAll("/+$", "");
    }

    private static String required(String value, String what) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("needs " + what);
        }
        return value;
    }

    /**
     * An entry as it may be shown: the part after {@code ?} left out and a password in the URL masked, since a
     * mistake may have put a secret there.
     */
    private static String shown(String entry) {
        int query = entry.indexOf('?');
        String shown = query < 0 ? entry : entry.substring(0, query) + "?...";
        return shown.replaceAll("://([^/@:]*):[^/@]*@", "://$1:***@");
    }

    /** The query parameters of a URL, each read once, any left unread refused by name. */
    private static final class Parameters {
        private final Map<String, String> values = new LinkedHashMap<>();
        private final Set<String> used = new HashSet<>();

        Parameters(String rawQuery) {
            if (rawQuery == null || rawQuery.isEmpty()) {
                return;
            }
            for (String pair : rawQuery.split("&")) {
                int equals = pair.indexOf('=');
                String name = URLDecoder.decode(equals < 0 ? pair : pair.substring(0, equals), StandardCharsets.UTF_8);
                String value = equals < 0 ? "" : URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8);
                if (values.put(name, value) != null) {
                    throw new IllegalArgumentException("parameter " + name + " is given twice");
                }
            }
        }

        Optional<String> text(String name) {
            used.add(name);
            return Optional.ofNullable(values.get(name)).map(String::trim).filter(value -> !value.isEmpty());
        }

        Optional<SecretReference> secret(String name) {
            return text(name).map(value -> SecretReference.parse(value, name));
        }

        Optional<URI> uri(String name) {
            return text(name).map(value -> {
                URI uri = URI.create(value);
                if (uri.getScheme() == null || uri.getHost() == null) {
                    throw new IllegalArgumentException(name + " must be a URL such as http://localhost:9000");
                }
                return uri;
            });
        }

        /** {@code orgs=ORG;ORG}: the orgs that may name the connection; every org without it. */
        Connection.Reach reach() {
            Optional<String> orgs = text("orgs");
            if (orgs.isEmpty()) {
                return new Connection.Reach.AnyOrg();
            }
            Set<String> ids = new java.util.LinkedHashSet<>();
            for (String org : orgs.get().split(";")) {
                if (!org.isBlank()) {
                    ids.add(org.trim());
                }
            }
            if (ids.isEmpty()) {
                throw new IllegalArgumentException("orgs must name at least one org id, ';'-separated");
            }
            return new Connection.Reach.Orgs(ids);
        }

        boolean flag(String name, boolean otherwise) {
            Optional<String> value = text(name);
            if (value.isEmpty()) {
                return otherwise;
            }
            if (!value.get().equals("true") && !value.get().equals("false")) {
                throw new IllegalArgumentException(name + " must be true or false");
            }
            return Boolean.parseBoolean(value.get());
        }

        void requireAllUsed(String scheme) {
            List<String> unknown = values.keySet().stream().filter(name -> !used.contains(name)).toList();
            if (!unknown.isEmpty()) {
                throw new IllegalArgumentException("unknown parameter " + String.join(", ", unknown) + " for "
                        + (scheme.contains(" ") ? scheme : scheme + "://"));
            }
        }
    }
}
