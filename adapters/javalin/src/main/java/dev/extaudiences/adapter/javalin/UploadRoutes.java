package dev.extaudiences.adapter.javalin;

import static dev.extaudiences.adapter.javalin.AudienceRoutes.audienceId;
import static dev.extaudiences.adapter.javalin.Authentication.caller;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.extaudiences.core.port.in.UploadLandingFileUseCase;
import dev.extaudiences.core.source.SourceFile;
import dev.extaudiences.core.upload.LandingUpload;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.regex.Pattern;

/**
 * An extension: a CSV file put into the landing zone where a DLZ audience's runs read it, its body streamed to the
 * file as it arrives, under a limit of its own (the JSON body limit is for JSON, not for files).
 */
record UploadRoutes(UploadLandingFileUseCase uploadFile, ObjectMapper mapper, Replies replies)
        implements Routes.Group {

    static final String PATH = Routes.ONE_AUDIENCE + "/landing-file";

    /** The requests whose body this group limits itself, which the JSON body limit must let through. */
    static final Pattern ROUTED = Pattern.compile(Pattern.quote(Routes.AUDIENCE) + "/[^/]+/landing-file/?");

    @Override
    public void addTo(Routes routes) {
        routes.put(PATH, this::upload);
    }

    /** Bodies refused for their declared size that are still read (and dropped) before the refusal is sent. */
    private static final long DROPPED_AT_MOST = 1 << 20;

    /**
     * A refusal sent while the client is still writing, then the connection closed with its body unread, reaches the
     * client as a reset that can lose the answer (seen as "no bytes" by a client under load): a body of up to 1 MiB
     * is read and dropped first, so that the 413 arrives. A larger one is refused at once.
     */
    private static void dropIfSmall(Context ctx, long declared) {
        if (declared > DROPPED_AT_MOST) {
            return;
        }
        try (InputStream body = ctx.bodyInputStream()) {
            body.transferTo(OutputStream.nullOutputStream());
        } catch (IOException | RuntimeException unreadable) {
            // the refusal is the answer whatever happened to the body
        }
    }

    private void upload(Context ctx) {
        long declared = ctx.req().getContentLengthLong();
        if (uploadFile.limit().refuses(declared)) {
            dropIfSmall(ctx, declared);
            throw ErrorMapping.uploadTooLarge(uploadFile.limit().maxBytes());
        }
        var path = QueryParams.of(ctx).uploadPath();
        SourceFile file;
        try (InputStream body = ctx.bodyInputStream()) {
            file = uploadFile.upload(caller(ctx), audienceId(ctx), new LandingUpload(path, body));
        } catch (IOException closing) {
            throw new UncheckedIOException(closing);
        }
        ObjectNode answer = mapper.createObjectNode();
        answer.put("audienceId", ctx.pathParam("audienceId"));
        answer.put("path", file.path());
        answer.put("sizeBytes", file.sizeBytes());
        answer.put("modifiedAt", Wire.seconds(file.modifiedAt()));
        replies.json(ctx, 200, answer);
    }
}
