package dev.extaudiences.adapter.sftp;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.sshd.server.auth.keyboard.UserAuthKeyboardInteractiveFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A password logs in by whichever of the two methods the server offers for it. */
class SftpPasswordTest {

    @TempDir
    Path temp;

    @Test
    void aServerThatAsksForThePasswordByKeyboardInteractiveOnlyIsAnswered() throws Exception {
        try (SftpTestServer server = SftpTestServer.start(temp.resolve("served"),
                List.of(SftpTestServer.newKeyPair("ecdsa-sha2-nistp256", 256)),
                configured -> configured.setUserAuthFactories(List.of(new UserAuthKeyboardInteractiveFactory())));
             SftpStorage storage = new SftpStorage(server.connection("/"))) {
            Files.writeString(server.home().resolve("members.csv"), "email\n");

            assertThat(storage.file("members.csv")).isPresent();
        }
    }
}
