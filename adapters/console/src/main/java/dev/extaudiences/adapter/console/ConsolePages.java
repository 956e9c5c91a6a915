package dev.extaudiences.adapter.console;

import io.javalin.config.JavalinConfig;
import io.javalin.http.staticfiles.JavalinStaticResourceHandler;
import io.javalin.http.staticfiles.Location;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Properties;

/**
 * The web console's pages at {@code /console/}, served from this module's resources on the API's own port: static
 * files only, which call the API from the browser with the credentials the user types in (kept for the tab only, in
 * {@code sessionStorage}). Serving them needs no credential, as they hold no data; every datum comes through the API
 * and its own checks. uPlot, the chart library, is served from its WebJar at {@code /console/vendor/uplot/} (its licence beside it).
 */
public final class ConsolePages {

    public static final String PATH = "/console";

    private static final String PAGES = "/dev/extaudiences/console";
    private static final String UPLOT = "META-INF/maven/org.webjars.npm/uplot/pom.properties";

    /**
     * Scripts and styles from this origin only, no framing, no referrer: the pages show what a token can read, so no
     * other site's script may run beside them or frame them.
     */
    static final Map<String, String> HEADERS = Map.of(
            "Content-Security-Policy", "default-src 'self'; img-src 'self' data:; connect-src 'self'; "
                    + "frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
            "X-Content-Type-Options", "nosniff",
            "Referrer-Policy", "no-referrer",
            "Cache-Control", "no-cache");

    private ConsolePages() {
    }

    /**
     * Adds the console's static files to a Javalin configuration, served by Javalin's own resource handler: Jetty's
     * mounts the whole jar as a zip file system per static-files entry, each holding an index of the jar's 35,000
     * entries (eight mounts, about 80 MB of live heap at rest, a third of a 256 MB server's), where this one reads
     * the few files asked for through the class loader.
     */
    public static void register(JavalinConfig config) {
        config.resourceHandler(new JavalinStaticResourceHandler());
        config.staticFiles.add(files -> {
            files.hostedPath = PATH;
            files.directory = PAGES;
            files.location = Location.CLASSPATH;
            files.headers = HEADERS;
        });
        config.staticFiles.add(files -> {
            files.hostedPath = PATH + "/vendor/uplot";
            // the WebJar has no entry for its dist folder, which Javalin needs to find a directory: serve its root
            files.directory = "/META-INF/resources/webjars/uplot/" + uplotVersion();
            files.location = Location.CLASSPATH;
            files.headers = HEADERS;
        });
    }

    /** The version of the uPlot WebJar on the class path, as its own Maven metadata says (the pom pins it). */
    static String uplotVersion() {
        try (InputStream in = ConsolePages.class.getClassLoader().getResourceAsStream(UPLOT)) {
            if (in == null) {
                throw new IllegalStateException("the uPlot WebJar is not on the class path (" + UPLOT + ")");
            }
            Properties properties = new Properties();
            properties.load(in);
            return properties.getProperty("version");
        } catch (IOException unreadable) {
            throw new UncheckedIOException(unreadable);
        }
    }
}
