package dev.extaudiences.adapter.javalin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.extaudiences.core.error.DomainException;
import dev.extaudiences.core.idempotency.IdempotencyKey;
import dev.extaudiences.core.idempotency.KeyClaim;
import dev.extaudiences.core.idempotency.RequestFingerprint;
import dev.extaudiences.core.idempotency.StoredReply;
import dev.extaudiences.core.port.in.RepeatRequestsSafelyUseCase;
import dev.extaudiences.core.tenant.TenantScope;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Collections;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code Idempotency-Key} extension around a route that does work (create, start a run). Without the header the
 * route runs exactly as it would. With it, the key is claimed first, in the store, so that of two requests arriving at
 * once (on two threads or two nodes) only one does the work; a success (2xx) is kept and answered again, same status
 * and body, to the same request under the key until it expires; a refusal or failure did nothing, so it frees the key
 * for a retry to do the work. The same key for another request (another body, route or audience) is a 422; while the
 * first is still in flight, a 409 with {@code Retry-After}.
 */
final class IdempotentRequests {

    static final String HEADER = "Idempotency-Key";
    static final String REPLAYED = "Idempotent-Replayed";

    private static final Logger LOG = LoggerFactory.getLogger("dev.extaudiences.http");

    private final RepeatRequestsSafelyUseCase keys;
    private final ObjectMapper mapper;

    IdempotentRequests(RepeatRequestsSafelyUseCase keys, ObjectMapper mapper) {
        this.keys = Objects.requireNonNull(keys, "keys");
        this.mapper = Objects.requireNonNull(mapper, "mapper");
    }

    /** {@code work}, answering once per key when the request carries one. */
    Handler around(Handler work) {
        return ctx -> {
            Optional<IdempotencyKey> key = key(ctx);
            if (key.isEmpty()) {
                work.handle(ctx);
                return;
            }
            TenantScope scope = Authentication.scope(ctx);
            KeyClaim claim = keys.claim(scope, key.get(), fingerprint(ctx));
            if (claim instanceof KeyClaim.Replay replay) {
                ctx.status(replay.reply().status()).contentType("application/json")
                        .header(REPLAYED, "true").result(replay.reply().body().getBytes(StandardCharsets.UTF_8));
            } else if (claim instanceof KeyClaim.InFlight) {
                throw new ApiError(ErrorCode.IDEMPOTENCY_KEY_IN_USE, HEADER + ": a request with this key is still "
                        + "being worked on; send it again once it has been answered", Optional.of(Duration.ofSeconds(1)));
            } else if (claim instanceof KeyClaim.Mismatch) {
                throw new ApiError(ErrorCode.UNPROCESSABLE_ENTITY, HEADER + ": this key was used for another request "
                        + "(another body, route or audience) within its window; use a new key for a new request");
            } else {
                doOnce(ctx, scope, key.get(), (KeyClaim.Claimed) claim, work);
            }
        };
    }

    private void doOnce(Context ctx, TenantScope scope, IdempotencyKey key, KeyClaim.Claimed claim, Handler work)
            throws Exception {
        try {
            work.handle(ctx);
        } catch (Exception refusedOrFailed) {
            // nothing was done: a retry under the same key may do the work
            keys.release(scope, key, claim);
            throw refusedOrFailed;
        }
        if (ctx.statusCode() < 200 || ctx.statusCode() > 299) {
            keys.release(scope, key, claim);
            return;
        }
        String body = Objects.requireNonNullElse(ctx.result(), "");
        try {
            keys.keep(scope, key, claim, new StoredReply(ctx.statusCode(), body));
        } catch (DomainException storeFailed) {
            // the work is done and answered; the key stays claimed until abandoned, then a retry does it again
            LOG.warn("the reply to request {} under its idempotency key could not be kept: {}",
                    RequestEntry.requestId(ctx), storeFailed.getMessage());
        }
        ctx.result(body.getBytes(StandardCharsets.UTF_8));
    }

    /** The header, once, of the key's shape; absent, the request is an ordinary one. */
    private static Optional<IdempotencyKey> key(Context ctx) {
        List<String> values = Collections.list(ctx.req().getHeaders(HEADER));
        if (values.isEmpty()) {
            return Optional.empty();
        }
        if (values.size() > 1) {
            throw ApiError.invalid(HEADER, "may be given once, was given " + values.size() + " times");
        }
        try {
            return Optional.of(new IdempotencyKey(values.get(0)));
        } catch (DomainException invalid) {
            throw ErrorMapping.of(invalid);
        }
    }

    /**
     * The method, the path (trailing slash dropped: both forms are one route) and the body, its JSON with properties
     * in one order, so that a client re-serialising the same request sends the same fingerprint.
     */
    private RequestFingerprint fingerprint(Context ctx) {
        String path = ctx.path().endsWith("/") ? ctx.path().substring(0, ctx.path().length() - 1) : ctx.path();
        byte[] body = ctx.bodyAsBytes();
        String canonical;
        try {
            JsonNode tree = mapper.readTree(body);
            canonical = tree == null ? "" : mapper.writeValueAsString(sorted(tree));
        } catch (IOException notJson) {
            // the route refuses it; the raw bytes still tell one unreadable body from another
            canonical = new String(body, StandardCharsets.ISO_8859_1);
        }
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            sha256.update((ctx.method().name() + " " + path + "\n").getBytes(StandardCharsets.UTF_8));
            sha256.update(canonical.getBytes(StandardCharsets.UTF_8));
            return new RequestFingerprint(HexFormat.of().formatHex(sha256.digest()));
        } catch (NoSuchAlgorithmException impossible) {
            throw new IllegalStateException("every JDK has SHA-256", impossible);
        }
    }

    private static Object sorted(JsonNode node) {
        if (node.isObject()) {
            Map<String, Object> properties = new TreeMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> property = it.next();
                properties.put(property.getKey(), sorted(property.getValue()));
            }
            return properties;
        }
        if (node.isArray()) {
            List<Object> items = new java.util.ArrayList<>();
            node.forEach(item -> items.add(sorted(item)));
            return items;
        }
        return node;
    }
}
