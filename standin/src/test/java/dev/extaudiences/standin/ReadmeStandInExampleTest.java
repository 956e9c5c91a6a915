package dev.extaudiences.standin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Events;

/**
 * The Java block under "## Use it in your tests (JUnit 5)" in README.md, exactly as a team copies it: compiled as
 * its own test class against this module's class path, and run by the JUnit engine, every test of it passing.
 */
class ReadmeStandInExampleTest {

    private static final String HEADING = "## Use it in your tests (JUnit 5)";

    @TempDir
    Path classes;

    @Test
    void theReadmesExampleTestCompilesAndPasses() throws Exception {
        String source = javaBlockUnder(HEADING, Files.readString(readme(), StandardCharsets.UTF_8));
        Matcher name = Pattern.compile("(?m)^class (\\w+)").matcher(source);
        assertThat(name.find()).as("the README's example declares a test class").isTrue();

        compile(name.group(1), source);
        Events tests;
        try (URLClassLoader loader = new URLClassLoader(new URL[] {classes.toUri().toURL()},
                ReadmeStandInExampleTest.class.getClassLoader())) {
            tests = EngineTestKit.engine("junit-jupiter").selectors(selectClass(loader.loadClass(name.group(1))))
                    .execute().testEvents();
        }

        tests.assertStatistics(stats -> stats.started(2).succeeded(2).failed(0));
    }

    private static String javaBlockUnder(String heading, String markdown) {
        int section = markdown.indexOf("\n" + heading + "\n");
        assertThat(section).as("README has a section " + heading).isNotNegative();
        int open = markdown.indexOf("```java\n", section);
        int close = markdown.indexOf("\n```", open + 1);
        assertThat(open).as("a java block under " + heading).isPositive();
        return markdown.substring(open + "```java\n".length(), close + 1);
    }

    private void compile(String className, String source) throws IOException {
        Path file = Files.writeString(classes.resolve(className + ".java"), source);
        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        try (StandardJavaFileManager files = compiler.getStandardFileManager(diagnostics, null, StandardCharsets.UTF_8)) {
            boolean compiled = compiler.getTask(null, files, diagnostics,
                    List.of("-classpath", System.getProperty("java.class.path"), "-d", classes.toString()), null,
                    files.getJavaFileObjects(file)).call();
            assertThat(compiled).as("the README's example compiles: " + diagnostics.getDiagnostics()).isTrue();
        }
    }

    private static Path readme() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("README.md")) && Files.isDirectory(dir.resolve("standin"))) {
                return dir.resolve("README.md");
            }
        }
        throw new AssertionError("README.md not found above " + Path.of("").toAbsolutePath());
    }
}
