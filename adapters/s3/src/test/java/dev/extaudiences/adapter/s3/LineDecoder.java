package dev.extaudiences.adapter.s3;

import dev.extaudiences.core.port.out.RecordDecoder;
import dev.extaudiences.core.source.FileState;
import dev.extaudiences.core.source.ReadNotice;
import dev.extaudiences.core.source.RecordStream;
import dev.extaudiences.core.source.SourceException;
import dev.extaudiences.core.source.SourceRecord;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/**
 * Rows as lines of one column each: as much decoding as a test of reading through core needs (the CSV adapter is
 * another adapter, which this one does not depend on). A failed read is the file's, as a decoder sees it; core tells
 * the storage's failures from the file's.
 */
final class LineDecoder implements RecordDecoder {

    @Override
    public RecordStream decode(String name, InputStream bytes, StateCheck state) throws SourceException {
        BufferedReader lines = new BufferedReader(new InputStreamReader(bytes, StandardCharsets.UTF_8));
        String header = read(name, lines);
        return new RecordStream() {
            private long line = 1;

            @Override
            public List<String> header() {
                return List.of(header);
            }

            @Override
            public Optional<SourceRecord> next() throws SourceException {
                String value = read(name, lines);
                return value == null ? Optional.empty() : Optional.of(new SourceRecord(++line, List.of(value)));
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
                    lines.close();
                } catch (IOException failed) {
                    throw new UncheckedIOException(failed);
                }
            }
        };
    }

    private static String read(String name, BufferedReader lines) throws SourceException {
        try {
            return lines.readLine();
        } catch (IOException failed) {
            throw new SourceException(SourceException.Kind.UNREADABLE, name + " cannot be read: "
                    + failed.getMessage(), failed);
        }
    }
}
