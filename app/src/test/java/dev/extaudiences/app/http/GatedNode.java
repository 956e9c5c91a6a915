package dev.extaudiences.app.http;

import dev.extaudiences.adapter.auth.StaticCredentials;
import dev.extaudiences.adapter.csv.FastCsvDecoder;
import dev.extaudiences.adapter.files.DirectoryLandingZone;
import dev.extaudiences.adapter.javalin.HttpSettings;
import dev.extaudiences.adapter.javalin.JavalinApi;
import dev.extaudiences.core.ExternalAudiences;
import dev.extaudiences.core.Stores;
import dev.extaudiences.core.error.DomainException;
import dev.extaudiences.core.member.MergeOutcome;
import dev.extaudiences.core.port.out.SourceStorage;
import dev.extaudiences.core.run.IngestionMode;
import dev.extaudiences.core.run.RunGuardrails;
import dev.extaudiences.core.run.RunId;
import dev.extaudiences.core.audience.AudienceId;
import dev.extaudiences.core.service.StoredSourceFiles;
import dev.extaudiences.core.source.SourceException;
import dev.extaudiences.core.source.SourceFile;
import dev.extaudiences.core.tenant.TenantScope;
import dev.extaudiences.core.tenant.UserId;
import dev.extaudiences.testkit.source.ForwardingStorage;
import io.javalin.Javalin;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * One node of the server, put together as the composition root does (the real stores, domain, landing zone, CSV
 * decoder and HTTP API), except that every file it reads passes a {@link Gate}: a test holds a run at a byte of its
 * reading, does what it wants to happen meanwhile (a cancel, from this node or another), then lets it go on. Nothing
 * waits on time.
 */
final class GatedNode implements AutoCloseable {

    private final Stores stores;
    private final ExternalAudiences domain;
    private final Javalin http;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    final Gate gate = new Gate();

    /**
     * A node over {@code stores}, reading the landing zone under {@code landing}, executing runs on
     * {@code workers} threads (0: it only answers requests, as a node of a cluster whose other nodes execute).
     */
    GatedNode(Stores stores, Path landing, int workers, RunGuardrails guardrails) {
        this.stores = stores;
        DirectoryLandingZone zone = new DirectoryLandingZone(landing);
        this.domain = ExternalAudiences.builder(stores)
                .clock(Clock.systemUTC())
                .guardrails(guardrails)
                .sourceFiles(new StoredSourceFiles(scope -> new GatedStorage(zone.of(scope), gate), List.of(),
                        new FastCsvDecoder()))
                .runLease(Duration.ofSeconds(10))
                .build();
        domain.startBackgroundWork(workers, Duration.ofMillis(50), Duration.ofMinutes(10));
        StaticCredentials credentials = new StaticCredentials(List.of(
                new StaticCredentials.Token(TestServer.TOKEN, TestServer.ORG, new UserId("alice@example.com")),
                new StaticCredentials.Token(TestServer.ANY_ORG_TOKEN, StaticCredentials.ANY_ORG, new UserId("bob"))),
                Set.of(TestServer.API_KEY));
        this.http = JavalinApi.create(domain.useCases(), credentials,
                new HttpSettings("127.0.0.1", 0, 65_536, () -> true));
        http.start();
    }

    TestServer.Reply call(String method, String path, String body, Map<String, String> headers) {
        return TestServer.call(client, http.port(), method, path, body, headers);
    }

    /** Whether nothing is staged for the run any longer: a preview of it finds no row, on every store. */
    boolean stagingDropped(TenantScope scope, String audienceId, String runId) {
        try {
            return stores.stagedMembers().preview(scope, new AudienceId(audienceId), new RunId(runId),
                    IngestionMode.DIFFERENTIAL, Instant.EPOCH).equals(new MergeOutcome(0, 0, 0, 0));
        } catch (DomainException droppedWhileCounted) {
            // the worker dropped the staging table between the preview's look at the registry and its count
            return false;
        } catch (IllegalArgumentException writtenWhileCounted) {
            // a batch in flight committed between the preview's count of rows and its count of identities (each
            // statement reads what is committed when it starts): more identities than rows, which no outcome holds;
            // a dry run previews only once every batch is written, so only this poll meets it
            return false;
        }
    }

    @Override
    public void close() {
        gate.release();
        http.stop();
        domain.close();
    }

    /**
     * Where the next file opened stops: once armed, the stream opened next blocks after {@code bytes} bytes until
     * released (or a minute has gone, so that a failing test never hangs the build).
     */
    static final class Gate {
        private volatile long bytes = -1;
        private volatile CountDownLatch reached = new CountDownLatch(1);
        private volatile CountDownLatch released = new CountDownLatch(1);

        void arm(long afterBytes) {
            reached = new CountDownLatch(1);
            released = new CountDownLatch(1);
            bytes = afterBytes;
        }

        /** Waits until a reader is held at the gate. */
        void awaitHeld() throws InterruptedException {
            if (!reached.await(60, TimeUnit.SECONDS)) {
                throw new AssertionError("no run reached the gate");
            }
        }

        void release() {
            released.countDown();
        }

        /** The stream of a file, held at the armed byte; a stream opened while the gate is not armed is not held. */
        InputStream hold(InputStream in, long offset) {
            long at = bytes;
            bytes = -1;
            if (at < 0) {
                return in;
            }
            CountDownLatch reachedNow = reached;
            CountDownLatch releasedNow = released;
            return new FilterInputStream(in) {
                private long position = offset;
                private boolean passed;

                private void holdHere() throws IOException {
                    if (!passed && position >= at) {
                        passed = true;
                        reachedNow.countDown();
                        try {
                            releasedNow.await(60, TimeUnit.SECONDS);
                        } catch (InterruptedException stopped) {
                            Thread.currentThread().interrupt();
                            throw new IOException("interrupted at the gate", stopped);
                        }
                    }
                }

                @Override
                public int read() throws IOException {
                    holdHere();
                    int read = super.read();
                    position += read < 0 ? 0 : 1;
                    return read;
                }

                @Override
                public int read(byte[] buffer, int from, int length) throws IOException {
                    holdHere();
                    int allowed = passed ? length : (int) Math.max(1, Math.min(length, at - position));
                    int read = super.read(buffer, from, allowed);
                    position += Math.max(0, read);
                    return read;
                }
            };
        }
    }

    /** The landing storage of a scope, its streams passing the node's gate. */
    private static final class GatedStorage extends ForwardingStorage {
        private final Gate gate;

        GatedStorage(SourceStorage delegate, Gate gate) {
            super(delegate);
            this.gate = gate;
        }

        @Override
        public InputStream open(SourceFile file, long offset) throws SourceException {
            return gate.hold(delegate.open(file, offset), offset);
        }
    }
}
