package dev.extaudiences.core.service;

import dev.extaudiences.core.audience.Audience;
import dev.extaudiences.core.audience.AudienceId;
import dev.extaudiences.core.error.DomainError;
import dev.extaudiences.core.error.DomainException;
import dev.extaudiences.core.error.Refusal;
import dev.extaudiences.core.port.in.UploadLandingFileUseCase;
import dev.extaudiences.core.port.out.Audiences;
import dev.extaudiences.core.port.out.LandingUploads;
import dev.extaudiences.core.source.CloudType;
import dev.extaudiences.core.source.SourceException;
import dev.extaudiences.core.source.SourceFile;
import dev.extaudiences.core.source.SourceKind;
import dev.extaudiences.core.source.SourcePath;
import dev.extaudiences.core.source.SourceSpec;
import dev.extaudiences.core.tenant.Caller;
import dev.extaudiences.core.upload.LandingUpload;
import dev.extaudiences.core.upload.LandingWrite;
import dev.extaudiences.core.upload.UploadLimit;
import java.util.Arrays;
import java.util.Objects;

/**
 * Puts uploaded files where an audience's runs read them, and nowhere else: the audience's own file, or a file
 * directly inside its folder, of the caller's landing folder. The path obeys the rules of a source path (relative,
 * no {@code ..}, no spaces or control characters), and the storage refuses what only it can see (a link out).
 */
public final class LandingUploadService implements UploadLandingFileUseCase {

    static final String PATH = "path";
    static final String BODY = "body";

    private final Audiences audiences;
    private final LandingUploads uploads;
    private final UploadLimit limit;

    public LandingUploadService(Audiences audiences, LandingUploads uploads, UploadLimit limit) {
        this.audiences = Objects.requireNonNull(audiences, "audiences");
        this.uploads = Objects.requireNonNull(uploads, "uploads");
        this.limit = Objects.requireNonNull(limit, "limit");
    }

    @Override
    public UploadLimit limit() {
        return limit;
    }

    @Override
    public SourceFile upload(Caller caller, AudienceId audienceId, LandingUpload upload) {
        Audience audience = audiences.existing(caller.scope(), audienceId);
        SourceSpec source = audience.sourceSpec();
        if (source.cloudType() != CloudType.DLZ) {
            throw DomainException.unprocessable(Refusal.SOURCE_NOT_LANDING_ZONE, "audience '" + audienceId.value()
                    + "' reads its files from the " + source.cloudType().displayName() + " connection '"
                    + source.baseConnectionId().map(Object::toString).orElse("") + "', not from the data landing "
                    + "zone; put the file there instead");
        }
        SourcePath target = target(source, upload);
        LandingWrite written;
        try {
            written = uploads.write(caller.scope(), target, upload.content(), limit);
        } catch (SourceException failed) {
            throw DomainException.dependencyFailed("the data landing zone", failed.getMessage());
        }
        if (written instanceof LandingWrite.Written file) {
            return file.file();
        }
        if (written instanceof LandingWrite.TooLarge tooLarge) {
            throw DomainException.tooLarge(BODY, tooLarge.limit().maxBytes());
        }
        throw DomainException.invalid(PATH, ((LandingWrite.Refused) written).reason());
    }

    /** Where the file goes: the audience's file itself, or the named file directly inside its folder. */
    private static SourcePath target(SourceSpec source, LandingUpload upload) {
        String own = source.path().value();
        if (source.kind() == SourceKind.FILE) {
            if (upload.path().isPresent() && !upload.path().get().equals(own)) {
                throw DomainException.invalid(PATH, "must be the audience's source file '" + own
                        + "' (or left out), was '" + upload.path().get() + "'");
            }
            return source.path();
        }
        String path = upload.path().orElseThrow(() -> DomainException.invalid(PATH, "is required for an audience "
                + "whose source is the folder '" + own + "': name a file directly inside it"));
        SourcePath named = asSourcePath(path);
        if (Arrays.stream(path.split("/", -1)).anyMatch(part -> part.isEmpty() || part.equals("."))) {
            throw DomainException.invalid(PATH, "must not contain empty or '.' segments, was '" + path + "'");
        }
        String folder = own.endsWith("/") ? own.substring(0, own.length() - 1) : own;
        int slash = path.lastIndexOf('/');
        String parent = slash < 0 ? "" : path.substring(0, slash);
        String name = path.substring(slash + 1);
        if (!parent.equals(folder) || name.startsWith(".")) {
            throw DomainException.invalid(PATH, "must name a file directly inside the audience's source folder '"
                    + folder + "' (a name not starting with '.', which runs skip), was '" + path + "'");
        }
        return named;
    }

    /** The path by a source path's rules, a refusal naming the upload's own parameter. */
    private static SourcePath asSourcePath(String path) {
        try {
            return new SourcePath(path);
        } catch (DomainException refused) {
            if (refused.error() instanceof DomainError.Invalid invalid) {
                throw DomainException.invalid(PATH, invalid.rule());
            }
            throw refused;
        }
    }
}
