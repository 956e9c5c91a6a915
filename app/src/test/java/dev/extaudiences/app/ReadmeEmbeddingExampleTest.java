package dev.extaudiences.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.reflect.InvocationTargetException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Java block under "## Embed it" in README.md, exactly as a reader copies it: compiled against the modules it
 * names, run, and held to what it says it does (a run that succeeds and the members it wrote).
 */
class ReadmeEmbeddingExampleTest {

    private static final String HEADING = "## Embed it";

    @TempDir
    Path classes;

    @Test
    void theReadmesEmbeddingExampleCompilesRunsAnIngestionAndPrintsItsMembers() throws Exception {
        String snippet = javaBlockUnder(HEADING, Files.readString(readme(), StandardCharsets.UTF_8));

        String printed = run(compile(snippet));

        assertThat(printed.lines().toList()).as("what the README's example printed")
                .containsExactly("SUCCEEDED", "ada@example.com {tier=gold}", "bob@example.com {tier=platinum}");
    }

    /** The first fenced java block after the heading; its import lines stay imports, the rest becomes a main. */
    static String javaBlockUnder(String heading, String markdown) {
        int section = markdown.indexOf("\n" + heading + "\n");
        assertThat(section).as("README has a section " + heading).isNotNegative();
        int open = markdown.indexOf("```java\n", section);
        int close = markdown.indexOf("\n```", open + 1);
        assertThat(open).as("a java block under " + heading).isPositive();
        return markdown.substring(open + "```java\n".length(), close + 1);
    }

    private Path compile(String snippet) throws IOException {
        List<String> lines = snippet.lines().toList();
        String imports = lines.stream().filter(line -> line.startsWith("import ")).collect(Collectors.joining("\n"));
        String body = lines.stream().filter(line -> !line.startsWith("import ")).collect(Collectors.joining("\n"));
        Path source = Files.writeString(classes.resolve("ReadmeExample.java"), imports
                + "\n\npublic class ReadmeExample {\n    public static void main(String[] args) throws Exception {\n"
                + body + "\n    }\n}\n");
        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        try (StandardJavaFileManager files = compiler.getStandardFileManager(diagnostics, null, StandardCharsets.UTF_8)) {
            boolean compiled = compiler.getTask(null, files, diagnostics,
                    List.of("-classpath", System.getProperty("java.class.path"), "-d", classes.toString()), null,
                    files.getJavaFileObjects(source)).call();
            assertThat(compiled).as("the README's example compiles: " + diagnostics.getDiagnostics()).isTrue();
        }
        return classes;
    }

    private static String run(Path compiled) throws Exception {
        PrintStream standardOut = System.out;
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        try (URLClassLoader loader = new URLClassLoader(new URL[] {compiled.toUri().toURL()},
                ReadmeEmbeddingExampleTest.class.getClassLoader())) {
            System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
            loader.loadClass("ReadmeExample").getMethod("main", String[].class).invoke(null, (Object) new String[0]);
        } catch (InvocationTargetException failed) {
            throw new AssertionError("the README's example threw", failed.getCause());
        } finally {
            System.setOut(standardOut);
        }
        return printed.toString(StandardCharsets.UTF_8);
    }

    private static Path readme() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.exists(dir.resolve("README.md")) && Files.exists(dir.resolve("app"))) {
                return dir.resolve("README.md");
            }
        }
        throw new AssertionError("no README.md above " + Path.of("").toAbsolutePath());
    }
}
