package dev.extaudiences.core.port.in;

import dev.extaudiences.core.audience.AudienceId;
import dev.extaudiences.core.source.SourceFile;
import dev.extaudiences.core.tenant.Caller;
import dev.extaudiences.core.upload.LandingUpload;
import dev.extaudiences.core.upload.UploadLimit;

/** Puts a file into the landing zone where an audience's runs read it, so that the next run can ingest it. */
public interface UploadLandingFileUseCase {

    /**
     * The file as it now is in the caller's landing folder. {@code NotFound} when the audience does not exist in the
     * scope; {@code Unprocessable} ({@code SOURCE_NOT_LANDING_ZONE}) when its source is a connection; {@code Invalid}
     * on {@code path} when the path is not one the audience reads; {@code TooLarge} over the limit.
     */
    SourceFile upload(Caller caller, AudienceId audienceId, LandingUpload upload);

    /** The most bytes one upload may hold, for a caller that can refuse a declared size before reading it. */
    UploadLimit limit();
}
