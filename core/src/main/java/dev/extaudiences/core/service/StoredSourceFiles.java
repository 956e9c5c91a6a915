package dev.extaudiences.core.service;

import dev.extaudiences.core.port.out.LandingZone;
import dev.extaudiences.core.port.out.RecordDecoder;
import dev.extaudiences.core.port.out.SourceFiles;
import dev.extaudiences.core.port.out.SourceStorage;
import dev.extaudiences.core.source.CloudType;
import dev.extaudiences.core.source.Connection;
import dev.extaudiences.core.source.ConnectionId;
import dev.extaudiences.core.source.FileState;
import dev.extaudiences.core.source.RecordStream;
import dev.extaudiences.core.source.SourceCheck;
import dev.extaudiences.core.source.SourceException;
import dev.extaudiences.core.source.SourceFile;
import dev.extaudiences.core.source.SourceKind;
import dev.extaudiences.core.source.SourceSpec;
import dev.extaudiences.core.tenant.TenantScope;
import java.time.Duration;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The source files of every audience, read the same way from every storage: the landing zone's folder of the
 * audience's scope, or the storage of its connection. What a run may read (a file, or the files directly in a
 * folder), how a path is normalised, how a failure is worded and retried, how a dropped read is resumed and how a
 * changed file is told: all here, once, so that a file on SFTP is read by the same rules as a file in the landing
 * zone. A storage only lists, describes and streams.
 */
public final class StoredSourceFiles implements SourceFiles {

    /** A configured connection and the storage it reads. */
    public record Connected(Connection connection, SourceStorage storage) {
        public Connected {
            Objects.requireNonNull(connection, "connection");
            Objects.requireNonNull(storage, "storage");
        }
    }

    private final LandingZone landing;
    private final Map<ConnectionId, Connected> connections;
    private final RecordDecoder decoder;
    private final Backoff backoff;

    /**
     * {@code backoff} paces the retries of a storage that failed: a listing or a description asked again, a read
     * resumed where it stopped.
     */
    public StoredSourceFiles(LandingZone landing, List<Connected> connections, RecordDecoder decoder,
                             Backoff backoff) {
        this.landing = Objects.requireNonNull(landing, "landing");
        this.connections = connections.stream().collect(Collectors.toUnmodifiableMap(
                connected -> connected.connection().id(), connected -> connected));
        this.decoder = Objects.requireNonNull(decoder, "decoder");
        this.backoff = Objects.requireNonNull(backoff, "backoff");
    }

    /** Retries for up to 10 seconds per failure: throttling and a dropped connection pass in that time. */
    public StoredSourceFiles(LandingZone landing, List<Connected> connections, RecordDecoder decoder) {
        this(landing, connections, decoder, Backoff.upTo(Duration.ofSeconds(10)));
    }

    /** Where a spec's files are kept, and how a failure there is named. */
    private record Place(SourceStorage storage, String name) {

        SourceException failed(String doing, String path, SourceException failure) {
            if (failure.kind() != SourceException.Kind.STORAGE_FAILURE) {
                return failure;
            }
            return new SourceException(SourceException.Kind.STORAGE_FAILURE, name + " failed while " + doing + " '"
                    + path + "': " + failure.getMessage(), failure);
        }
    }

    @Override
    public SourceCheck check(TenantScope scope, SourceSpec spec) {
        Optional<Place> place = place(scope, spec);
        if (place.isEmpty()) {
            return new SourceCheck.Unavailable(unavailable(spec));
        }
        return place.get().storage().escapes(normalised(spec.path().value()))
                .<SourceCheck>map(SourceCheck.Escapes::new).orElseGet(SourceCheck.Readable::new);
    }

    @Override
    public List<SourceFile> list(TenantScope scope, SourceSpec spec) throws SourceException {
        Place place = placeOrFail(scope, spec);
        String path = normalised(spec.path().value());
        String shown = spec.path().value();
        Optional<String> escape = place.storage().escapes(path);
        if (escape.isPresent()) {
            throw new SourceException(SourceException.Kind.MISSING, escape.get());
        }
        if (spec.kind() == SourceKind.FILE) {
            SourceFile file = retried(place, "describing", shown, () -> place.storage().file(path))
                    .orElseThrow(() -> new SourceException(SourceException.Kind.MISSING,
                            "file '" + shown + "' does not exist in the source"));
            return List.of(file);
        }
        return retried(place, "listing", shown, () -> place.storage().folder(path))
                .orElseThrow(() -> new SourceException(SourceException.Kind.MISSING,
                        "folder '" + shown + "' does not exist in the source"))
                .stream().sorted(Comparator.comparing(SourceFile::path)).toList();
    }

    @Override
    public RecordStream open(TenantScope scope, SourceSpec spec, SourceFile file) throws SourceException {
        Place place = placeOrFail(scope, spec);
        ResumingInput bytes = new ResumingInput(place.storage(), file, backoff, () -> stateOf(place, file));
        try {
            bytes.start();
        } catch (SourceException failed) {
            throw place.failed("opening", file.path(), failed);
        }
        RecordStream rows;
        try {
            rows = decoder.decode(file.path(), bytes, () -> stateOf(place, file));
        } catch (SourceException failed) {
            throw place.failed("reading", file.path(), bytes.storageFailure(failed));
        }
        return new StorageRecordStream(rows, bytes, place::failed, file.path());
    }

    /** The file now against its listing. */
    private FileState stateOf(Place place, SourceFile listed) throws SourceException {
        Optional<SourceFile> now = retried(place, "checking", listed.path(), () -> place.storage().file(listed.path()));
        return now.map(file -> FileState.compare(listed, file)).orElseGet(FileState.Gone::new);
    }

    @FunctionalInterface
    private interface StorageCall<T> {
        T call() throws SourceException;
    }

    /** A storage call, asked again while its storage fails and the backoff has patience left. */
    private <T> T retried(Place place, String doing, String path, StorageCall<T> call) throws SourceException {
        Backoff.Waits waits = backoff.waits();
        while (true) {
            try {
                return call.call();
            } catch (SourceException failed) {
                if (failed.kind() != SourceException.Kind.STORAGE_FAILURE || !waits.next()) {
                    throw place.failed(doing, path, failed);
                }
            }
        }
    }

    private Optional<Place> place(TenantScope scope, SourceSpec spec) {
        if (spec.baseConnectionId().isPresent()) {
            ConnectionId id = spec.baseConnectionId().get();
            // an audience stored before its org lost the connection reads nothing of it either
            return Optional.ofNullable(connections.get(id)).filter(connected -> connected.connection().openTo(scope))
                    .map(connected -> new Place(connected.storage(), "the " + spec.cloudType().displayName()
                            + " connection '" + id + "'"));
        }
        return spec.cloudType() == CloudType.DLZ
                ? Optional.of(new Place(landing.of(scope), "the data landing zone"))
                : Optional.empty();
    }

    private Place placeOrFail(TenantScope scope, SourceSpec spec) throws SourceException {
        Optional<Place> place = place(scope, spec);
        if (place.isEmpty()) {
            throw new SourceException(SourceException.Kind.STORAGE_FAILURE, unavailable(spec));
        }
        return place.get();
    }

    private static String unavailable(SourceSpec spec) {
        return spec.baseConnectionId()
                .map(id -> spec.cloudType().displayName() + " connection '" + id + "' is not available in this server: "
                        + "no connection of that id is configured for this org")
                .orElse(spec.cloudType().displayName() + " storage without a connection is not available in this "
                        + "server: name a connection with baseConnectionId");
    }

    /** A path as storages take it: {@code a//b/./c/} is {@code a/b/c}, {@code .} the root. */
    static String normalised(String path) {
        return Arrays.stream(path.split("/")).filter(part -> !part.isEmpty() && !part.equals("."))
                .collect(Collectors.joining("/"));
    }
}
