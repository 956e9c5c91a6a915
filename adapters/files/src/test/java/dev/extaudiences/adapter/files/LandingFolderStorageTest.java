package dev.extaudiences.adapter.files;

import dev.extaudiences.core.tenant.TenantScope;
import dev.extaudiences.testkit.contract.SourceStorageContract;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** A scope's landing folder keeps the source storage contract as a connection's directory does. */
class LandingFolderStorageTest extends SourceStorageContract {

    @TempDir
    Path temp;

    @Override
    protected Place newPlace() throws Exception {
        DirectoryLandingZone landing = new DirectoryLandingZone(temp);
        TenantScope scope = TenantScope.of("12345@AdobeOrg", "prod");
        Path folder = Files.createDirectories(landing.directory(scope));
        return DirectoryStorageTest.directoryPlace(folder, ignored -> landing.of(scope));
    }
}
