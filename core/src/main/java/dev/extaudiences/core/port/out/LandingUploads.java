package dev.extaudiences.core.port.out;

import dev.extaudiences.core.source.SourceException;
import dev.extaudiences.core.source.SourcePath;
import dev.extaudiences.core.tenant.TenantScope;
import dev.extaudiences.core.upload.LandingWrite;
import dev.extaudiences.core.upload.UploadLimit;
import java.io.InputStream;

/**
 * Writes files into the data landing zone, into the same per-scope folders {@link LandingZone} reads: a file uploaded
 * for a scope is the one its DLZ audiences' runs read at that path, and never lands in another scope's folder.
 */
public interface LandingUploads {

    /**
     * Puts {@code content} at {@code path} of the scope's landing folder, replacing what was there in one step, so that
     * a run lists either the old file or the whole new one, never a part. Content over {@code limit} is
     * {@link LandingWrite.TooLarge} and leaves the old file as it was. A failure of the storage itself is a
     * {@code STORAGE_FAILURE}.
     */
    LandingWrite write(TenantScope scope, SourcePath path, InputStream content, UploadLimit limit)
            throws SourceException;

    /** A server that keeps no landing zone it can write to: every upload is a storage failure saying so. */
    static LandingUploads none() {
        return (scope, path, content, limit) -> {
            throw new SourceException(SourceException.Kind.STORAGE_FAILURE,
                    "this server has no landing zone to write uploads to");
        };
    }
}
