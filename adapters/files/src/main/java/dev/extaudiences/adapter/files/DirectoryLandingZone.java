package dev.extaudiences.adapter.files;

import dev.extaudiences.core.port.out.LandingUploads;
import dev.extaudiences.core.port.out.LandingZone;
import dev.extaudiences.core.source.SourceException;
import dev.extaudiences.core.source.SourcePath;
import dev.extaudiences.core.tenant.TenantScope;
import dev.extaudiences.core.upload.LandingWrite;
import dev.extaudiences.core.upload.UploadLimit;
import java.io.InputStream;
import java.nio.file.Path;

/**
 * The data landing zone as a directory per scope, {@code <landing>/<orgId>/<sandboxName>/}, each name escaped so that
 * two scopes never share a folder ({@link ScopeFolderName}). Uploads are written into the same folders runs read.
 */
public final class DirectoryLandingZone implements LandingZone, LandingUploads {

    private final Path landing;

    public DirectoryLandingZone(Path landing) {
        this.landing = landing.toAbsolutePath().normalize();
    }

    @Override
    public DirectoryStorage of(TenantScope scope) {
        return DirectoryStorage.landingFolder(landing, directory(scope));
    }

    @Override
    public LandingWrite write(TenantScope scope, SourcePath path, InputStream content, UploadLimit limit)
            throws SourceException {
        return new LandingFolderWriter(landing, directory(scope)).write(path.value(), content, limit);
    }

    /** The landing directory of a scope: where a user drops the files of its DLZ audiences. */
    public Path directory(TenantScope scope) {
        return landing.resolve(ScopeFolderName.of(scope.orgId())).resolve(ScopeFolderName.of(scope.sandboxName()));
    }
}
