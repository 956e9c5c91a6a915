package dev.extaudiences.adapter.sftp;

import dev.extaudiences.testkit.contract.SourceStorageContract;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/** An SFTP storage keeps the source storage contract, against a real SFTP server started here. */
class SftpStorageTest extends SourceStorageContract {

    @TempDir
    static Path temp;

    private static SftpTestServer server;
    private static SftpPlaces places;

    @BeforeAll
    static void startServer() throws Exception {
        server = SftpTestServer.start(temp.resolve("served"));
        places = new SftpPlaces(server);
    }

    @AfterAll
    static void stopServer() throws Exception {
        server.close();
    }

    @Override
    protected Place newPlace() throws Exception {
        return places.newPlace();
    }
}
