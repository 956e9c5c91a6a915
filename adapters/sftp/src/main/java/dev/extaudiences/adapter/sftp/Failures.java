package dev.extaudiences.adapter.sftp;

import dev.extaudiences.core.source.SourceException;
import java.util.List;
import java.util.Optional;
import org.apache.sshd.sftp.common.SftpConstants;
import org.apache.sshd.sftp.common.SftpException;

/**
 * How the failures of one SFTP storage are worded: each names the storage ({@code sftp://user@host:port/root}) and
 * what failed, and none shows a secret. The words are this adapter's; a library's own message is only quoted after
 * them, with any secret of the connection taken out of it.
 */
final class Failures {

    /** Shorter secrets would take ordinary words out of a message, and are no secret worth keeping. */
    private static final int SHORTEST_SCRUBBED = 4;

    private final String location;
    private final List<String> secrets;

    Failures(SftpConnection connection) {
        this.location = connection.location();
        this.secrets = secretsOf(connection.auth());
    }

    String location() {
        return location;
    }

    SourceException storage(String what) {
        return new SourceException(SourceException.Kind.STORAGE_FAILURE, location + ": " + scrubbed(what));
    }

    SourceException storage(String what, Throwable cause) {
        return new SourceException(SourceException.Kind.STORAGE_FAILURE, location + ": " + scrubbed(what), cause);
    }

    /** A request the server or the connection failed: {@code doing} is "listing", "describing", "opening". */
    SourceException whileDoing(String doing, String path, Throwable failure) {
        if (failure instanceof SftpException refused) {
            return storage(doing + " '" + path + "' failed: the server answered "
                    + SftpConstants.getStatusName(refused.getStatus()) + quoted(refused.getMessage()), failure);
        }
        return storage(doing + " '" + path + "' failed: the connection failed: " + describe(failure), failure);
    }

    /** A library's words for a failure: its deepest message, scrubbed. */
    String describe(Throwable failure) {
        Throwable deepest = failure;
        String message = failure.getMessage();
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            deepest = cause;
            if (cause.getMessage() != null && !cause.getMessage().isBlank()) {
                message = cause.getMessage();
            }
        }
        return scrubbed(Optional.ofNullable(message).orElse(deepest.getClass().getSimpleName()));
    }

    private String quoted(String message) {
        return message == null || message.isBlank() ? "" : " (" + scrubbed(message) + ")";
    }

    String scrubbed(String text) {
        String scrubbed = text;
        for (String secret : secrets) {
            scrubbed = scrubbed.replace(secret, "***");
        }
        return scrubbed;
    }

    private static List<String> secretsOf(Auth auth) {
        if (auth instanceof Auth.Password password) {
            return worthScrubbing(List.of(password.password()));
        }
        Auth.PrivateKey key = (Auth.PrivateKey) auth;
        return worthScrubbing(key.passphrase().map(List::of).orElse(List.of()));
    }

    private static List<String> worthScrubbing(List<String> secrets) {
        return secrets.stream().filter(secret -> secret.length() >= SHORTEST_SCRUBBED).toList();
    }
}
