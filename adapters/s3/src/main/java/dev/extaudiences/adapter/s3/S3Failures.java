package dev.extaudiences.adapter.s3;

import dev.extaudiences.core.source.SourceException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * How a failed request of one storage reads: the place ({@code s3://bucket/prefix/}, with its endpoint when it is
 * not AWS's), what failed in words someone can act on, while doing what to which path, and the S3 error code and
 * HTTP status that tell it. Never the secret: the SDK does not write it in its messages, and every message made
 * here is scrubbed of it all the same, since a server's own error text is echoed for codes not known here.
 */
final class S3Failures {

    /** Codes of a request whose key or signature the server does not accept. */
    private static final Set<String> REFUSED = Set.of("InvalidAccessKeyId", "SignatureDoesNotMatch",
            "ExpiredToken", "InvalidToken", "TokenRefreshRequired", "InvalidSecurity", "MissingSecurityHeader");
    /** Codes of a request whose key is accepted but not allowed what it asked. */
    private static final Set<String> DENIED = Set.of("AccessDenied", "AllAccessDisabled", "AccountProblem");
    /** Codes of a server that asks its clients to slow down (S3, GCS, Ceph and MinIO spell it differently). */
    private static final Set<String> THROTTLING = Set.of("SlowDown", "Throttling", "ThrottlingException",
            "RequestLimitExceeded", "TooManyRequests", "RequestThrottled", "ServiceUnavailable");

    private final String place;
    private final S3Credentials credentials;

    S3Failures(S3Connection connection) {
        this.place = connection.described();
        this.credentials = connection.credentials();
    }

    /** A request that failed, as the SDK reports it after its own retries. */
    SourceException of(String doing, String path, SdkException failure) {
        String during = " while " + doing + " '" + path + "' (";
        if (failure instanceof AwsServiceException answered) {
            Optional<String> code = code(answered);
            int status = answered.statusCode();
            String detail = code.orElse("no error code") + ", HTTP " + status;
            Optional<String> known = known(code, status, failure);
            return failure(known.orElse("failed") + during + detail
                    + (known.isPresent() ? "" : serverText(answered)) + ")", failure);
        }
        Throwable cause = rootCause(failure);
        String what;
        if (cause instanceof ConnectException || cause instanceof UnknownHostException
                || cause instanceof NoRouteToHostException) {
            what = "could not be reached";
        } else if (cause instanceof SocketTimeoutException) {
            what = "did not answer in time";
        } else {
            what = "failed";
        }
        return failure(what + during + describe(cause) + ", " + attempts(failure) + ")", failure);
    }

    /** What an answer means, when its code or status says something someone can act on. */
    private Optional<String> known(Optional<String> code, int status, SdkException failure) {
        if (code.filter(REFUSED::contains).isPresent()) {
            return Optional.of("refused " + credentials.described());
        }
        if (code.filter(DENIED::contains).isPresent() || code.isEmpty() && status == 403) {
            return Optional.of("denied " + credentials.described() + " permission");
        }
        if (code.filter("NoSuchBucket"::equals).isPresent()) {
            return Optional.of("the bucket does not exist");
        }
        if (code.filter(THROTTLING::contains).isPresent() || status == 429 || status == 503) {
            return Optional.of("throttled the requests, still after " + attempts(failure) + ",");
        }
        return Optional.empty();
    }

    /** A failure this storage found itself: an answer that is not what was asked for. */
    SourceException unexpected(String doing, String path, String answered) {
        return failure(answered + " while " + doing + " '" + path + "'", null);
    }

    private SourceException failure(String message, Throwable cause) {
        return new SourceException(SourceException.Kind.STORAGE_FAILURE, scrubbed(place + ": " + message), cause);
    }

    /** {@code text} with the secret masked, should a server ever echo it. */
    private String scrubbed(String text) {
        if (credentials instanceof S3Credentials.Static pair) {
            return text.replace(pair.secret(), "****");
        }
        return text;
    }

    /**
     * The S3 error code of an answer, if it had one. A HEAD answer has no body, and so no code (the SDK then puts
     * the status in its place): what it would have been is asked again as a listing, whose answer carries one.
     */
    static Optional<String> code(AwsServiceException answered) {
        return Optional.ofNullable(answered.awsErrorDetails()).map(AwsErrorDetails::errorCode)
                .filter(code -> !code.isBlank() && !code.chars().allMatch(Character::isDigit));
    }

    private static String serverText(AwsServiceException answered) {
        return Optional.ofNullable(answered.awsErrorDetails()).map(AwsErrorDetails::errorMessage)
                .filter(text -> !text.isBlank()).map(text -> ": " + text).orElse("");
    }

    private static String attempts(SdkException failure) {
        Integer attempts = failure.numAttempts();
        return attempts == null || attempts == 1 ? "1 attempt" : attempts + " attempts";
    }

    private static Throwable rootCause(Throwable failure) {
        Throwable cause = failure;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause;
    }

    private static String describe(Throwable cause) {
        return cause.getMessage() == null ? cause.getClass().getSimpleName()
                : cause.getClass().getSimpleName() + ": " + cause.getMessage();
    }
}
