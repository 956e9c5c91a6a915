package dev.extaudiences.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A start that cannot go on, as a user meets it: {@code java ... Main} in its own process. It stops with a non-zero
 * exit status and one line on stderr naming the setting, never a stack trace, and before anything is made on disk.
 */
class StartupFailuresTest {

    @TempDir
    Path dir;

    @Test
    void anUnknownLogLevelIsRefusedWithTheAcceptedOnes() throws Exception {
        for (String level : List.of("LOUD", "debugg")) {
            Stopped stopped = start(Map.of("EXTAUDIENCES_LOG_LEVEL", level));

            stopped.saysOnlyOneLineNaming("EXTAUDIENCES_LOG_LEVEL");
            assertThat(stopped.stderr()).contains("'" + level + "'").contains("trace, debug, info, warn, error");
        }
    }

    @Test
    void aShortJwtSecretIsRefusedByName() throws Exception {
        Stopped stopped = start(Map.of("EXTAUDIENCES_JWT_HMAC_SECRET", "too-short", "EXTAUDIENCES_API_KEYS", "key"));

        stopped.saysOnlyOneLineNaming("EXTAUDIENCES_JWT_HMAC_SECRET");
        assertThat(stopped.stderr()).contains("32 bytes");
    }

    @Test
    void aHostThatIsNotAnAddressOfThisMachineIsNotCalledAPortInUse() throws Exception {
        // 192.0.2.1 is a documentation address (RFC 5737): never one of this machine's, and no name lookup is needed
        Stopped stopped = start(Map.of("EXTAUDIENCES_HOST", "192.0.2.1"));

        stopped.saysOnlyOneLineNaming("EXTAUDIENCES_HOST");
        assertThat(stopped.stderr()).contains("192.0.2.1").doesNotContainIgnoringCase("in use");
    }

    @Test
    void aPortInUseIsNamedBeforeTheDatabaseIsCreated() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Stopped stopped = start(Map.of("EXTAUDIENCES_HOST", "127.0.0.1",
                    "EXTAUDIENCES_PORT", String.valueOf(taken.getLocalPort())));

            stopped.saysOnlyOneLineNaming("EXTAUDIENCES_PORT");
            assertThat(stopped.stderr()).contains(taken.getLocalPort() + " is already in use");
        }
    }

    @Test
    void anUnreachableDatabaseIsNamedWithoutItsPassword() throws Exception {
        // port 1 of the loopback interface: nothing listens there, and nothing leaves this machine
        Stopped stopped = start(Map.of("EXTAUDIENCES_DATABASE_URL", "jdbc:postgresql://127.0.0.1:1/x?password=in-url",
                "EXTAUDIENCES_DATABASE_USER", "audiences", "EXTAUDIENCES_DATABASE_PASSWORD", "hunter2"));

        stopped.saysOnlyOneLineNaming("EXTAUDIENCES_DATABASE_URL");
        assertThat(stopped.stderr()).contains("jdbc:postgresql://127.0.0.1:1/x").containsIgnoringCase("refused")
                .doesNotContain("hunter2").doesNotContain("in-url");
    }

    @Test
    void aPasswordInTheUrlsUserInformationIsNotShown() throws Exception {
        Stopped stopped = start(Map.of("EXTAUDIENCES_DATABASE_URL",
                "jdbc:postgresql://audiences:in-userinfo@127.0.0.1:1/x"));

        stopped.saysOnlyOneLineNaming("EXTAUDIENCES_DATABASE_URL");
        assertThat(stopped.stderr()).contains("//audiences:***@127.0.0.1:1/x").doesNotContain("in-userinfo");
    }

    @Test
    void aDataDirectoryThatCannotBeMadeIsOneLine() throws Exception {
        Path blocker = Files.writeString(dir.resolve("blocker"), "a file where a directory should be");

        Stopped stopped = start(Map.of("EXTAUDIENCES_DATA_DIR", blocker.resolve("data").toString()));

        stopped.saysOnlyOneLineNaming("EXTAUDIENCES_DATA_DIR");
    }

    @Test
    void aConnectionWhoseSecretReferencePointsAtNothingIsNamedAndNothingIsMadeOnDisk() throws Exception {
        Stopped stopped = start(Map.of("EXTAUDIENCES_CONNECTIONS", "gold=s3://acme/crm?accessKeyId=AKID"
                + "&secretAccessKey=file:" + dir.resolve("no-such-secret")));

        stopped.saysOnlyOneLineNaming("EXTAUDIENCES_CONNECTIONS");
        assertThat(stopped.stderr()).contains("connection 'gold'", "no-such-secret cannot be read");
        assertThat(dir.resolve("data")).doesNotExist();
    }

    @Test
    void aConnectionWhoseDirectoryIsMissingIsNamed() throws Exception {
        Stopped stopped = start(Map.of("EXTAUDIENCES_CONNECTIONS", "gold=S3:" + dir.resolve("no-such-bucket")));

        stopped.saysOnlyOneLineNaming("EXTAUDIENCES_CONNECTIONS");
        assertThat(stopped.stderr()).contains("connection 'gold'", "no-such-bucket is not a directory");
    }

    @Test
    void aTokenForAnOrgTheApiWouldRefuseIsNamed() throws Exception {
        Stopped stopped = start(Map.of("EXTAUDIENCES_AUTH_TOKENS", "tok:bad~org:someone",
                "EXTAUDIENCES_API_KEYS", "key"));

        stopped.saysOnlyOneLineNaming("EXTAUDIENCES_AUTH_TOKENS");
        assertThat(stopped.stderr()).contains("'bad~org'").doesNotContain("tok:");
    }

    private Stopped start(Map<String, String> settings) throws IOException, InterruptedException {
        Path data = dir.resolve("data");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile());
        Map<String, String> environment = builder.environment();
        environment.keySet().removeIf(name -> name.startsWith(Settings.PREFIX));
        environment.putAll(new HashMap<>(Map.of("EXTAUDIENCES_DATA_DIR", data.toString(), "EXTAUDIENCES_PORT", "0")));
        environment.putAll(settings);
        builder.redirectOutput(dir.resolve("stdout").toFile()).redirectError(dir.resolve("stderr").toFile());
        Process process = builder.start();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
            throw new AssertionError("the server started instead of stopping; stderr: " + read("stderr"));
        }
        return new Stopped(process.exitValue(), read("stdout"), read("stderr"), data);
    }

    private String read(String name) throws IOException {
        return Files.readString(dir.resolve(name), StandardCharsets.UTF_8);
    }

    private record Stopped(int exitStatus, String stdout, String stderr, Path data) {

        void saysOnlyOneLineNaming(String setting) throws IOException {
            assertThat(exitStatus).as("exit status").isNotZero();
            assertThat(stderr.lines().toList()).as("stderr").hasSize(1);
            assertThat(stderr).as("stderr").startsWith("extaudiences: cannot start: " + setting + ": ");
            assertThat(stdout + stderr).as("all output").doesNotContain("\tat ").doesNotContain("Exception");
            assertThat(madeOnDisk()).as("made on disk").isEmpty();
        }

        private List<Path> madeOnDisk() throws IOException {
            if (!Files.exists(data)) {
                return List.of();
            }
            try (Stream<Path> made = Files.walk(data)) {
                return made.filter(path -> !path.equals(data)).toList();
            }
        }
    }
}
