package dev.extaudiences.adapter.azure;

import java.util.Objects;
import java.util.Optional;

/**
 * How a connection authenticates to its storage account, the secret already read by whoever configured it (from an
 * environment variable or a file its configuration names): never from the configuration's text itself. No
 * {@code toString} shows a secret.
 */
public sealed interface AzureCredentials {

    /** The secret this credential holds, for failures to be checked against; empty for the default chain. */
    Optional<String> secret();

    /** The storage account's shared key (base64, as the portal shows it). */
    record AccountKey(String key) implements AzureCredentials {
        public AccountKey {
            requireText(key, "an account key");
        }

        @Override
        public Optional<String> secret() {
            return Optional.of(key);
        }

        @Override
        public String toString() {
            return "AccountKey[****]";
        }
    }

    /**
     * A shared access signature for the container (or the account), as its query string: {@code sv=...&sig=...},
     * with or without the leading {@code ?}. It needs the list and read permissions.
     */
    record SasToken(String token) implements AzureCredentials {
        public SasToken {
            requireText(token, "a SAS token");
            token = token.startsWith("?") ? token.substring(1) : token;
        }

        @Override
        public Optional<String> secret() {
            return Optional.of(token);
        }

        @Override
        public String toString() {
            return "SasToken[****]";
        }
    }

    /**
     * Azure's default credential chain (azure-identity): environment variables, workload identity, managed identity,
     * then the developer tools' sign-ins. It needs an {@code https} endpoint and the Storage Blob Data Reader role.
     */
    record DefaultChain() implements AzureCredentials {
        @Override
        public Optional<String> secret() {
            return Optional.empty();
        }
    }

    private static void requireText(String secret, String what) {
        Objects.requireNonNull(secret, what);
        if (secret.isBlank()) {
            throw new IllegalArgumentException(what + " must not be empty");
        }
    }
}
