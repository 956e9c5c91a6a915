package dev.extaudiences.core.service;

import dev.extaudiences.core.source.FileState;
import dev.extaudiences.core.source.ReadNotice;
import dev.extaudiences.core.source.RecordStream;
import dev.extaudiences.core.source.SourceException;
import dev.extaudiences.core.source.SourceRecord;
import java.util.List;
import java.util.Optional;

/** The decoded rows of a stored file, whose failures say when the storage, not the file, was at fault. */
final class StorageRecordStream implements RecordStream {

    /** Names the place a storage failure happened in. */
    @FunctionalInterface
    interface FailureNames {
        SourceException failed(String doing, String path, SourceException failure);
    }

    private final RecordStream rows;
    private final ResumingInput bytes;
    private final FailureNames names;
    private final String path;

    StorageRecordStream(RecordStream rows, ResumingInput bytes, FailureNames names, String path) {
        this.rows = rows;
        this.bytes = bytes;
        this.names = names;
        this.path = path;
    }

    @Override
    public List<String> header() {
        return rows.header();
    }

    @Override
    public Optional<SourceRecord> next() throws SourceException {
        try {
            return rows.next();
        } catch (SourceException failed) {
            throw names.failed("reading", path, bytes.storageFailure(failed));
        }
    }

    @Override
    public FileState state() throws SourceException {
        return rows.state();
    }

    @Override
    public long bytesRead() {
        return bytes.position();
    }

    @Override
    public List<ReadNotice> notices() {
        return rows.notices();
    }

    @Override
    public void close() {
        rows.close();
    }
}
