package dev.extaudiences.adapter.csv;

import dev.extaudiences.core.port.out.RecordDecoder.StateCheck;
import dev.extaudiences.core.source.RecordStream;
import dev.extaudiences.core.source.SourceException;
import dev.extaudiences.core.source.SourceRecord;
import dev.extaudiences.core.source.FileState;
import dev.extaudiences.core.source.ReadNotice;
import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.FilterReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PushbackReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.zip.GZIPInputStream;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * A CSV file read row by row with Commons CSV: UTF-8 with or without a byte-order mark, plain or gzip-compressed
 * (recognised by its magic bytes, whatever the name), quoted values, the first row the header.
 */
final class CsvRecordStream implements RecordStream {

    private static final CSVFormat FORMAT = CSVFormat.RFC4180.builder().setIgnoreEmptyLines(true).get();

    private final String name;
    private final CSVParser parser;
    private final LineEnds lineEnds;
    private final StateCheck check;
    private final Iterator<CSVRecord> records;
    private final List<String> header;
    private long lastLine = 1;
    private boolean ended;

    private CsvRecordStream(String name, CSVParser parser, LineEnds lineEnds, StateCheck check)
            throws SourceException {
        this.name = name;
        this.parser = parser;
        this.lineEnds = lineEnds;
        this.check = check;
        this.records = parser.iterator();
        Optional<CSVRecord> first = advance();
        if (first.isEmpty()) {
            throw new SourceException(SourceException.Kind.UNREADABLE, name + " is empty: it has no header row");
        }
        this.header = first.get().toList();
    }

    static CsvRecordStream open(String name, InputStream raw, StateCheck check) throws SourceException {
        try {
            BufferedInputStream in = new BufferedInputStream(raw, 1 << 16);
            in.mark(2);
            int first = in.read();
            int second = in.read();
            in.reset();
            InputStream content = first == 0x1f && second == 0x8b ? new GZIPInputStream(in, 1 << 16) : in;
            LineEnds lineEnds = new LineEnds(new InputStreamReader(content, StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT)));
            return new CsvRecordStream(name, FORMAT.parse(withoutByteOrderMark(lineEnds)), lineEnds, check);
        } catch (IOException unreadable) {
            closeQuietly(raw);
            throw new SourceException(SourceException.Kind.UNREADABLE, name + " cannot be read as CSV: "
                    + unreadable.getMessage(), unreadable);
        }
    }

    private static Reader withoutByteOrderMark(Reader reader) throws IOException {
        PushbackReader pushback = new PushbackReader(reader, 1);
        int first = pushback.read();
        if (first != -1 && first != '\uFEFF') {
            pushback.unread(first);
        }
        return pushback;
    }

    @Override
    public List<String> header() {
        return header;
    }

    @Override
    public Optional<SourceRecord> next() throws SourceException {
        // the record's array as a list, not toList(), which streams it into a list that SourceRecord copies again
        Optional<SourceRecord> next = advance().map(record -> new SourceRecord(record.getRecordNumber(),
                Arrays.asList(record.values())));
        next.ifPresentOrElse(record -> lastLine = record.line(), () -> ended = true);
        return next;
    }

    @Override
    public FileState state() throws SourceException {
        return check.state();
    }

    @Override
    public List<ReadNotice> notices() {
        // a file of one line cannot tell: its writer may never end lines at all
        if (ended && lastLine > 1 && lineEnds.endedUnterminated()) {
            return List.of(new ReadNotice.UnterminatedLastLine(lastLine));
        }
        return List.of();
    }

    private Optional<CSVRecord> advance() throws SourceException {
        try {
            return records.hasNext() ? Optional.of(records.next()) : Optional.empty();
        } catch (UncheckedIOException | IllegalStateException malformed) {
            if (rootCause(malformed) instanceof EOFException) {
                // what GZIPInputStream throws for a file cut short ("Unexpected end of ZLIB input stream"), said
                // so that a user knows what to fix: the file, not its CSV
                throw new SourceException(SourceException.Kind.UNREADABLE, name + " is a truncated gzip file: its "
                        + "compressed data ends unexpectedly after line " + parser.getCurrentLineNumber(), malformed);
            }
            throw new SourceException(SourceException.Kind.UNREADABLE, name + " is not valid CSV after line "
                    + parser.getCurrentLineNumber() + ": " + rootMessage(malformed), malformed);
        }
    }

    private static Throwable rootCause(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return root;
    }

    private static String rootMessage(Throwable failure) {
        Throwable root = rootCause(failure);
        return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    }

    @Override
    public void close() {
        try {
            parser.close();
        } catch (IOException ignored) {
            // nothing left to read from it
        }
    }

    /**
     * Watches the characters the parser reads for line ends: whether the text had any, and whether its last
     * character was one. Below the byte-order mark's removal, which changes no line end.
     */
    private static final class LineEnds extends FilterReader {
        private boolean sawLineEnd;
        private int last = -1;

        LineEnds(Reader in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int c = super.read();
            if (c != -1) {
                see((char) c);
            }
            return c;
        }

        @Override
        public int read(char[] buffer, int offset, int length) throws IOException {
            int read = super.read(buffer, offset, length);
            // once a line end has been seen before some other character, only the last character still matters:
            // no per-character work on the rest of a file of millions of rows
            for (int i = 0; i < read && !sawLineEnd; i++) {
                see(buffer[offset + i]);
            }
            if (read > 0) {
                last = buffer[offset + read - 1];
            }
            return read;
        }

        private void see(char c) {
            if (last == '\n' || last == '\r') {
                sawLineEnd = true;
            }
            last = c;
        }

        /** The text ended on something other than a line end, after lines that had one. */
        boolean endedUnterminated() {
            return sawLineEnd && last != '\n' && last != '\r';
        }
    }

    private static void closeQuietly(InputStream in) {
        try {
            in.close();
        } catch (IOException ignored) {
            // already failing
        }
    }
}
