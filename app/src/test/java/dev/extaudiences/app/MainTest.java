package dev.extaudiences.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where settings come from: a properties file under dotted names, overridden by environment variables. */
class MainTest {

    @Test
    void aPropertiesFileSetsAndTheEnvironmentWins(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("extaudiences.properties"),
                "port=9191\nrun.workers=0\nruns.per.audience.per.day=3\n");

        Settings settings = Settings.from(Main.configuration(new String[] {"--config", file.toString()},
                Map.of("EXTAUDIENCES_PORT", "9292", "PATH", "/usr/bin")));

        assertThat(settings.port()).as("the environment wins").isEqualTo(9292);
        assertThat(settings.runWorkers()).as("from the file").isZero();
        assertThat(settings.guardrails().perAudiencePerDay()).isEqualTo(3);
    }

    @Test
    void theFileMayBeNamedByTheEnvironmentOrWithAnEqualsSign(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("a.properties"), "port=9393\n");

        assertThat(Settings.from(Main.configuration(new String[0], Map.of("EXTAUDIENCES_CONFIG", file.toString())))
                .port()).isEqualTo(9393);
        assertThat(Settings.from(Main.configuration(new String[] {"--config=" + file}, Map.of())).port())
                .isEqualTo(9393);
    }

    @Test
    void aMissingFileOrAnUnknownArgumentIsNamed(@TempDir Path dir) {
        assertThatThrownBy(() -> Main.configuration(new String[] {"--config", dir.resolve("none").toString()}, Map.of()))
                .isInstanceOf(Settings.InvalidSetting.class).hasMessageContaining("none");
        assertThatThrownBy(() -> Main.configuration(new String[] {"--port", "1"}, Map.of()))
                .isInstanceOf(Settings.InvalidSetting.class).hasMessageContaining("--port");
    }

    @Test
    void theLogLevelIsOneOfLogbacksInAnyCaseAndInfoByDefault() {
        assertThat(Settings.from(Map.of("EXTAUDIENCES_LOG_LEVEL", "debug")).logLevel()).isEqualTo(Settings.LogLevel.DEBUG);
        assertThat(Settings.from(Map.of("log.level", "WARN")).logLevel()).isEqualTo(Settings.LogLevel.WARN);
        assertThat(Settings.defaults().logLevel()).isEqualTo(Settings.LogLevel.INFO);
        assertThatThrownBy(() -> Settings.from(Map.of("EXTAUDIENCES_LOG_LEVEL", "LOUD")))
                .isInstanceOf(Settings.InvalidSetting.class)
                .hasMessage("EXTAUDIENCES_LOG_LEVEL: 'LOUD' is not one of trace, debug, info, warn, error");
    }

    @Test
    void aMisspeltSettingIsNamedAsNoSetting() {
        assertThat(Settings.unknownNames(Map.of("EXTAUDIENCES_RUN_LEASE", "3", "EXTAUDIENCES_RUN_LEASE_SECONDS", "30",
                "EXTAUDIENCES_CONFIG", "x.properties", "EXTAUDIENCES_TEST_PG_URL", "jdbc:x", "PATH", "/bin")))
                .containsExactly("EXTAUDIENCES_RUN_LEASE");
    }
}
