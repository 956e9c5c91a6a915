package dev.extaudiences.adapter.files;

import dev.extaudiences.core.port.out.LandingZone;
import dev.extaudiences.core.tenant.TenantScope;
import java.nio.file.Path;

/**
 * The data landing zone as a directory per scope, {@code <landing>/<orgId>/<sandboxName>/}, each name escaped so that
 * two scopes never share a folder ({@link ScopeFolderName}).
 */
public final class DirectoryLandingZone implements LandingZone {

    private final Path landing;

    public DirectoryLandingZone(Path landing) {
        this.landing = landing.toAbsolutePath().normalize();
    }

    @Override
    public DirectoryStorage of(TenantScope scope) {
        return DirectoryStorage.landingFolder(landing, directory(scope));
    }

    /** The landing directory of a scope: where a user drops the files of its DLZ audiences. */
    public Path directory(TenantScope scope) {
        return landing.resolve(ScopeFolderName.of(scope.orgId())).resolve(ScopeFolderName.of(scope.sandboxName()));
    }
}
