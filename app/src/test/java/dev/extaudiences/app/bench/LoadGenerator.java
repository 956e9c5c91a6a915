package dev.extaudiences.app.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Closed-loop load against one server: a fixed number of keep-alive connections, each sending its next request as
 * soon as the last one is answered, for a fixed time. {@code wrk} when it is on the PATH (2 threads and 8 connections
 * by default, as issue #15 asks); otherwise the same in Java, a thread per connection, every latency recorded.
 */
interface LoadGenerator {

    /** One round of {@code seconds} against {@code base}; {@code round} makes the unique values of writes unique. */
    Measured run(String base, Workload workload, int seconds, String round) throws Exception;

    String describe();

    static LoadGenerator choose(String which, int threads, int connections, Path work) {
        boolean wrkOnPath = Arrays.stream(System.getenv().getOrDefault("PATH", "").split(":"))
                .anyMatch(dir -> Files.isExecutable(Path.of(dir, "wrk")));
        if (which.equals("wrk") || which.equals("auto") && wrkOnPath) {
            return new Wrk(threads, connections, work);
        }
        return new InJava(connections);
    }

    /** The benchmark's credentials and scope, on every request. */
    Map<String, String> HEADERS = Map.of("Authorization", "Bearer " + IngestionBenchmark.TOKEN,
            "x-api-key", IngestionBenchmark.KEY, "x-gw-ims-org-id", IngestionBenchmark.ORG,
            "x-sandbox-name", IngestionBenchmark.SANDBOX, "Content-Type", "application/json");

    /** wrk, driven by a Lua script that sets the headers and picks each request's path and body. */
    final class Wrk implements LoadGenerator {

        private static final Pattern PER_SECOND = Pattern.compile("Requests/sec:\\s+([\\d.]+)");
        private static final Pattern REQUESTS = Pattern.compile("(\\d+) requests in");
        private static final Pattern NON_2XX = Pattern.compile("Non-2xx or 3xx responses: (\\d+)");
        private static final Pattern SOCKET = Pattern.compile(
                "Socket errors: connect (\\d+), read (\\d+), write (\\d+), timeout (\\d+)");

        private final int threads;
        private final int connections;
        private final Path work;

        Wrk(int threads, int connections, Path work) {
            this.threads = threads;
            this.connections = connections;
            this.work = work;
        }

        @Override
        public String describe() {
            return "wrk, " + threads + " threads, " + connections + " connections";
        }

        @Override
        public Measured run(String base, Workload workload, int seconds, String round) throws Exception {
            Path script = Files.writeString(Files.createTempFile(work, "load-", ".lua"), script(workload));
            Process wrk = new ProcessBuilder("wrk", "-t" + threads, "-c" + connections, "-d" + seconds + "s",
                    "--latency", "-s", script.toString(), base, "--", round).redirectErrorStream(true).start();
            String out = new String(wrk.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (wrk.waitFor() != 0 || !PER_SECOND.matcher(out).find()) {
                throw new IllegalStateException("wrk failed:\n" + out);
            }
            long failures = number(NON_2XX, out);
            Matcher socket = SOCKET.matcher(out);
            if (socket.find()) {
                for (int i = 1; i <= 4; i++) {
                    failures += Long.parseLong(socket.group(i));
                }
            }
            return new Measured(Double.parseDouble(first(PER_SECOND, out)), percentile(out, "50%"),
                    percentile(out, "99%"), number(REQUESTS, out), failures);
        }

        /**
         * Each wrk thread gets its number in {@code setup}; its requests are numbered so that threads never pick the
         * same path: request {@code k} of thread {@code t} is request {@code k * threads + t} of the round.
         */
        private String script(Workload workload) {
            StringBuilder lua = new StringBuilder();
            HEADERS.forEach((name, value) -> lua.append("wrk.headers[ ").append(quoted(name)).append(" ] = ")
                    .append(quoted(value)).append('\n'));
            lua.append("local paths = {").append(workload.paths().stream().map(Wrk::quoted)
                    .collect(Collectors.joining(",\n"))).append("}\n");
            lua.append("local method = ").append(quoted(workload.method())).append('\n');
            lua.append("local body = ").append(workload.body() == null ? "nil" : quoted(workload.body())).append('\n');
            lua.append("local offset, count, threads = ").append(workload.offset()).append(", ")
                    .append(workload.count()).append(", ").append(threads).append('\n');
            lua.append("""
                    local counter, round = 0, "r"
                    local started = 0
                    function setup(thread)
                      thread:set("tid", started)
                      started = started + 1
                    end
                    function init(args)
                      round = args[1] or "r"
                    end
                    function request()
                      local n = counter * threads + tid
                      counter = counter + 1
                      local path = paths[offset + (n % count) + 1]
                      local payload = nil
                      if body then
                        payload = (string.gsub(body, "{n}", round .. "-" .. n))
                      end
                      return wrk.format(method, path, nil, payload)
                    end
                    """);
            return lua.toString();
        }

        private static String quoted(String text) {
            return "[==[" + text + "]==]";
        }

        private static double percentile(String out, String which) {
            Matcher matcher = Pattern.compile("(?m)^\\s+" + Pattern.quote(which) + "\\s+([\\d.]+)(us|ms|s|m)\\s*$")
                    .matcher(out);
            if (!matcher.find()) {
                throw new IllegalStateException("no " + which + " latency in wrk's output:\n" + out);
            }
            double value = Double.parseDouble(matcher.group(1));
            return switch (matcher.group(2)) {
                case "us" -> value / 1000;
                case "ms" -> value;
                case "s" -> value * 1000;
                default -> value * 60_000;
            };
        }

        private static String first(Pattern pattern, String out) {
            Matcher matcher = pattern.matcher(out);
            return matcher.find() ? matcher.group(1) : "0";
        }

        private static long number(Pattern pattern, String out) {
            return Long.parseLong(first(pattern, out));
        }
    }

    /** The same closed loop in Java: a thread and an HTTP/1.1 client (one keep-alive connection) per connection. */
    final class InJava implements LoadGenerator {

        private final int connections;

        InJava(int connections) {
            this.connections = connections;
        }

        @Override
        public String describe() {
            return "a Java closed loop (java.net.http), " + connections + " connections";
        }

        @Override
        public Measured run(String base, Workload workload, int seconds, String round) throws Exception {
            AtomicLong next = new AtomicLong();
            AtomicLong failures = new AtomicLong();
            long deadline = System.nanoTime() + seconds * 1_000_000_000L;
            List<Latencies> recorded = new ArrayList<>();
            List<Thread> threads = new ArrayList<>();
            long started = System.nanoTime();
            for (int c = 0; c < connections; c++) {
                Latencies latencies = new Latencies();
                recorded.add(latencies);
                HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                        .connectTimeout(Duration.ofSeconds(5)).build();
                Thread thread = new Thread(() -> {
                    while (System.nanoTime() < deadline) {
                        long n = next.getAndIncrement();
                        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + workload.path(n)));
                        HEADERS.forEach(request::header);
                        String body = workload.body(round + "-" + n);
                        request.method(workload.method(), body == null ? HttpRequest.BodyPublishers.noBody()
                                : HttpRequest.BodyPublishers.ofString(body));
                        long sent = System.nanoTime();
                        try {
                            int status = client.send(request.build(), HttpResponse.BodyHandlers.discarding())
                                    .statusCode();
                            if (status >= 300) {
                                failures.incrementAndGet();
                            }
                        } catch (IOException failed) {
                            failures.incrementAndGet();
                        } catch (InterruptedException stopped) {
                            Thread.currentThread().interrupt();
                            return;
                        }
                        latencies.add(System.nanoTime() - sent);
                    }
                }, "load-" + c);
                thread.start();
                threads.add(thread);
            }
            for (Thread thread : threads) {
                thread.join();
            }
            double elapsed = (System.nanoTime() - started) / 1e9;
            Latencies all = Latencies.merged(recorded);
            return new Measured(all.count() / elapsed, all.percentileMillis(50), all.percentileMillis(99),
                    all.count(), failures.get());
        }
    }
}
