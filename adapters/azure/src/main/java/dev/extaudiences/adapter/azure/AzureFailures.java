package dev.extaudiences.adapter.azure;

import com.azure.storage.blob.models.BlobStorageException;
import dev.extaudiences.core.source.SourceException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.URLEncoder;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;
import reactor.core.Exceptions;

/**
 * How a failure of the service or of the way to it reads: the container's URL and prefix, what was being done, what
 * went wrong in words (refused credentials, a missing container, an unreachable endpoint, throttling) and the
 * service's status and error code. The service's own text is never quoted: an authentication error echoes what was
 * signed, and whatever else it might echo is not ours to vouch for. Every message is scrubbed of the credential's
 * secret all the same, in case a cause's text held it.
 */
final class AzureFailures {

    private static final Pattern SIGNATURE = Pattern.compile("(?i)(sig=)[^&\\s'\"]+");

    private final String place;
    private final List<String> secrets;
    private final int tries;

    AzureFailures(AzureConnection connection, int tries) {
        this.place = "Azure Blob container " + connection.place();
        Optional<String> secret = connection.credentials().secret();
        this.secrets = secret.map(s -> List.of(s, URLEncoder.encode(s, StandardCharsets.UTF_8))).orElse(List.of());
        this.tries = tries;
    }

    /** A failure of the service or of reaching it, while {@code doing} (e.g. {@code listing 'crm'}). */
    SourceException failed(String doing, RuntimeException failure) {
        return new SourceException(SourceException.Kind.STORAGE_FAILURE, scrubbed(place + ": " + doing + " failed: "
                + reason(failure)), failure);
    }

    /** A failure that is the data's, not the storage's (a file gone or rewritten), in the same words. */
    SourceException missing(String what) {
        return new SourceException(SourceException.Kind.MISSING, scrubbed(what));
    }

    /** A read cut on its way, for the stream that reads a blob. */
    IOException readFailed(String path, long position, Throwable failure) {
        Throwable cause = Exceptions.unwrap(failure);
        return new IOException(scrubbed(place + ": the read of '" + path + "' failed after byte " + position + ": "
                + named(cause)), cause);
    }

    /** A read that waited {@code timeout} for its next bytes. */
    IOException stalled(String path, long position, Duration timeout) {
        return new IOException(scrubbed(place + ": the read of '" + path + "' failed after byte " + position
                + ": no bytes came for " + timeout.toMillis() / 1000.0 + " s"));
    }

    private String reason(RuntimeException failure) {
        if (failure instanceof BlobStorageException refused) {
            return answered(refused.getStatusCode(), refused.getErrorCode() == null ? "no error code"
                    : refused.getErrorCode().toString());
        }
        Throwable unwrapped = Exceptions.unwrap(failure);
        return network(unwrapped).map(cause -> networkFailure(cause) + ", still after " + tries + " tries ("
                + named(cause) + ")").orElseGet(() -> "the Azure client failed (" + named(unwrapped) + ")");
    }

    private static String networkFailure(Throwable cause) {
        if (cause instanceof HttpConnectTimeoutException || cause instanceof ConnectException
                || cause instanceof UnknownHostException || cause instanceof NoRouteToHostException) {
            return "the endpoint is unreachable";
        }
        if (cause instanceof HttpTimeoutException || cause instanceof TimeoutException) {
            return "the endpoint did not answer in time";
        }
        return "the connection to the endpoint failed";
    }

    private String answered(int status, String code) {
        String answer = " (" + status + " " + code + ")";
        if (status == 401 || status == 403) {
            return switch (code) {
                // the emulator answers a wrong key with AuthorizationFailure, the service with AuthenticationFailed
                case "AuthenticationFailed", "InvalidAuthenticationInfo", "NoAuthenticationInformation",
                     "AuthorizationFailure" -> "the credentials were refused" + answer;
                case "AuthorizationPermissionMismatch", "AuthorizationResourceTypeMismatch",
                     "AuthorizationServiceMismatch" -> "the credentials do not permit it" + answer;
                case "AuthorizationSourceIPMismatch", "AuthorizationProtocolMismatch" ->
                        "the credentials do not permit this client's address or protocol" + answer;
                default -> "access was refused" + answer;
            };
        }
        if (status == 404 && code.equals("ContainerNotFound")) {
            return "the container was not found" + answer;
        }
        if (status == 404 && code.equals("ResourceNotFound")) {
            return "the storage account or the container was not found" + answer;
        }
        if (status == 429 || status == 503 || code.equals("ServerBusy") || code.equals("OperationTimedOut")) {
            return "the service is throttling, still after " + tries + " tries" + answer;
        }
        if (status >= 500) {
            return "the service failed, still after " + tries + " tries" + answer;
        }
        return "the service refused the request" + answer;
    }

    /** The cause that says why the service was not reached: the first of the network's own, or of any I/O. */
    private static Optional<Throwable> network(Throwable failure) {
        Throwable firstIo = null;
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof ConnectException || cause instanceof UnknownHostException
                    || cause instanceof NoRouteToHostException || cause instanceof HttpTimeoutException
                    || cause instanceof TimeoutException) {
                return Optional.of(cause);
            }
            if (firstIo == null && cause instanceof IOException) {
                firstIo = cause;
            }
        }
        return Optional.ofNullable(firstIo);
    }

    private static String named(Throwable failure) {
        return failure.getClass().getSimpleName() + (failure.getMessage() == null ? "" : ": " + failure.getMessage());
    }

    private String scrubbed(String message) {
        String clean = message;
        for (String secret : secrets) {
            clean = clean.replace(secret, "****");
        }
        return SIGNATURE.matcher(clean).replaceAll("$1****");
    }
}
