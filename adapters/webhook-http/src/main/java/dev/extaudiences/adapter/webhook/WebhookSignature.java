package dev.extaudiences.adapter.webhook;

import dev.extaudiences.core.webhook.WebhookSecret;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The signature every delivery carries, in the scheme Stripe uses: a header
 * {@code X-ExtAudiences-Signature: t=<epoch seconds>,v1=<hex HMAC-SHA256 of "t.body" keyed by the secret>}. A receiver
 * recomputes the HMAC over the timestamp, a dot and the raw body, compares it in constant time, and rejects a
 * timestamp too far from its own clock (a replay of a captured delivery).
 */
public final class WebhookSignature {

    public static final String HEADER = "X-ExtAudiences-Signature";

    private WebhookSignature() {
    }

    /** The header's value for {@code body} sent at {@code at}. */
    public static String header(WebhookSecret secret, Instant at, String body) {
        long timestamp = at.getEpochSecond();
        return "t=" + timestamp + ",v1=" + hmac(secret, timestamp + "." + body);
    }

    /**
     * Whether {@code header} is a valid signature of {@code body} made within {@code tolerance} of {@code now}: what
     * a receiver checks.
     */
    public static boolean verify(WebhookSecret secret, String header, String body, Instant now, Duration tolerance) {
        Optional<Long> timestamp = Optional.empty();
        Optional<String> signature = Optional.empty();
        for (String part : header.split(",")) {
            String[] pair = part.trim().split("=", 2);
            if (pair.length == 2 && pair[0].equals("t")) {
                try {
                    timestamp = Optional.of(Long.parseLong(pair[1]));
                } catch (NumberFormatException malformed) {
                    return false;
                }
            } else if (pair.length == 2 && pair[0].equals("v1")) {
                signature = Optional.of(pair[1]);
            }
        }
        if (timestamp.isEmpty() || signature.isEmpty()
                || Duration.between(Instant.ofEpochSecond(timestamp.get()), now).abs().compareTo(tolerance) > 0) {
            return false;
        }
        byte[] expected = hmac(secret, timestamp.get() + "." + body).getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(expected, signature.get().getBytes(StandardCharsets.US_ASCII));
    }

    private static String hmac(WebhookSecret secret, String signed) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.value().getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(signed.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException | InvalidKeyException missing) {
            // every JDK ships HmacSHA256; a key of any length is valid for it
            throw new IllegalStateException("HmacSHA256 is not available", missing);
        }
    }
}
