package dev.extaudiences.adapter.azure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.extaudiences.core.port.out.RecordDecoder;
import dev.extaudiences.core.port.out.SourceStorage;
import dev.extaudiences.core.service.Backoff;
import dev.extaudiences.core.service.StoredSourceFiles;
import dev.extaudiences.core.source.CloudType;
import dev.extaudiences.core.source.Connection;
import dev.extaudiences.core.source.ConnectionId;
import dev.extaudiences.core.source.FileState;
import dev.extaudiences.core.source.ReadNotice;
import dev.extaudiences.core.source.RecordStream;
import dev.extaudiences.core.source.SourceException;
import dev.extaudiences.core.source.SourceFile;
import dev.extaudiences.core.source.SourceKind;
import dev.extaudiences.core.source.SourcePath;
import dev.extaudiences.core.source.SourceRecord;
import dev.extaudiences.core.source.SourceSpec;
import dev.extaudiences.core.tenant.TenantScope;
import dev.extaudiences.testkit.source.CuttingProxy;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The Azure storage as core reads it, through {@link StoredSourceFiles}: a download cut in the middle is resumed at
 * its position and every row arrives once; a blob rewritten after its listing is refused by its ETag, named so.
 */
class StoredAzureFilesTest {

    private static final TenantScope SCOPE = TenantScope.of("1234@AdobeOrg", "prod");
    private static final ConnectionId CONNECTION = new ConnectionId("crm-azure");
    private static final SourceSpec MEMBERS = new SourceSpec(new SourcePath("crm/members.csv"), SourceKind.FILE,
            Optional.empty(), CloudType.AZURE, Optional.of(CONNECTION));
    private static final int ROWS = 60_000; // 1.5 MB: far more than a cut lets through

    private AzurePlace place;

    @BeforeEach
    void openPlace() throws Exception {
        place = AzurePlace.fresh();
    }

    @AfterEach
    void closePlace() {
        place.close();
    }

    private static StoredSourceFiles reading(SourceStorage storage) {
        List<StoredSourceFiles.Connected> connections = List.of(new StoredSourceFiles.Connected(
                new Connection(CONNECTION, CloudType.AZURE), storage));
        return new StoredSourceFiles(scope -> {
            throw new AssertionError("no landing zone is read here");
        }, connections, new Lines(), new Backoff(Duration.ofMillis(20), Duration.ofMillis(100), Duration.ofSeconds(2),
                pause -> Thread.sleep(pause.toMillis())));
    }

    private static byte[] members(String domain) {
        StringBuilder csv = new StringBuilder("email\n");
        for (int i = 0; i < ROWS; i++) {
            csv.append(String.format("member%06d@%s\n", i, domain));
        }
        return csv.toString().getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aDownloadCutInTheMiddleIsResumedAndEveryRowArrivesOnce() throws Exception {
        place.put("crm/members.csv", members("example.com"));
        try (CuttingProxy proxy = new CuttingProxy(place.faults().orElseThrow().server())) {
            StoredSourceFiles files = reading(place.faults().orElseThrow().through(proxy.address()));
            SourceFile listed = files.list(SCOPE, MEMBERS).get(0);
            proxy.cutAfter(512 * 1024);

            List<String> emails = new ArrayList<>();
            FileState state;
            try (RecordStream rows = files.open(SCOPE, MEMBERS, listed)) {
                for (Optional<SourceRecord> row = rows.next(); row.isPresent(); row = rows.next()) {
                    emails.add(row.get().values().get(0));
                }
                state = rows.state();
            }

            assertThat(proxy.cuts()).isEqualTo(1);
            assertThat(emails).hasSize(ROWS).doesNotHaveDuplicates();
            assertThat(emails.get(ROWS - 1)).isEqualTo(String.format("member%06d@example.com", ROWS - 1));
            assertThat(state).isInstanceOf(FileState.Unchanged.class);
        }
    }

    @Test
    void aBlobRewrittenAfterItsListingIsRefusedNamingTheChange() throws Exception {
        place.put("crm/members.csv", members("example.com"));
        StoredSourceFiles files = reading(place.storage());
        SourceFile listed = files.list(SCOPE, MEMBERS).get(0);
        place.put("crm/members.csv", members("example.org")); // the same size: only the ETag tells

        SourceException refused = catchThrowableOfType(SourceException.class,
                () -> files.open(SCOPE, MEMBERS, listed).close());

        String now = place.storage().file("crm/members.csv").orElseThrow().version().orElseThrow();
        assertThat(refused.kind()).isEqualTo(SourceException.Kind.MISSING);
        assertThat(refused.getMessage()).isEqualTo("file 'crm/members.csv' was rewritten since it was listed: its "
                + "ETag is " + now + ", not " + listed.version().orElseThrow());
    }

    /** One column, one value a line: enough of a decoder to count rows without the CSV adapter. */
    private static final class Lines implements RecordDecoder {
        @Override
        public RecordStream decode(String name, InputStream bytes, StateCheck state) throws SourceException {
            BufferedReader reader = new BufferedReader(new InputStreamReader(bytes, StandardCharsets.UTF_8));
            String header;
            try {
                header = reader.readLine();
            } catch (IOException unreadable) {
                throw new SourceException(SourceException.Kind.UNREADABLE, unreadable.getMessage(), unreadable);
            }
            return new RecordStream() {
                private long line = 1;

                @Override
                public List<String> header() {
                    return List.of(header);
                }

                @Override
                public Optional<SourceRecord> next() throws SourceException {
                    try {
                        String value = reader.readLine();
                        return value == null ? Optional.empty()
                                : Optional.of(new SourceRecord(++line, List.of(value)));
                    } catch (IOException unreadable) {
                        throw new SourceException(SourceException.Kind.UNREADABLE, unreadable.getMessage(),
                                unreadable);
                    }
                }

                @Override
                public FileState state() throws SourceException {
                    return state.state();
                }

                @Override
                public List<ReadNotice> notices() {
                    return List.of();
                }

                @Override
                public void close() {
                    try {
                        reader.close();
                    } catch (IOException closing) {
                        throw new UncheckedIOException(closing);
                    }
                }
            };
        }
    }
}
