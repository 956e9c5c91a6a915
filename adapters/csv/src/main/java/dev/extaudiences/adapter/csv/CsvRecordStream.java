package dev.extaudiences.adapter.csv;

import de.siegmar.fastcsv.reader.AbstractBaseCsvCallbackHandler;
import de.siegmar.fastcsv.reader.CloseableIterator;
import de.siegmar.fastcsv.reader.CsvParseException;
import de.siegmar.fastcsv.reader.CsvReader;
import dev.extaudiences.core.port.out.RecordDecoder.StateCheck;
import dev.extaudiences.core.source.FileState;
import dev.extaudiences.core.source.ReadNotice;
import dev.extaudiences.core.source.RecordStream;
import dev.extaudiences.core.source.SourceException;
import dev.extaudiences.core.source.SourceRecord;
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
import java.util.List;
import java.util.Optional;
import java.util.zip.GZIPInputStream;

/**
 * A CSV file read row by row with FastCSV: UTF-8 with or without a byte-order mark, plain or gzip-compressed
 * (recognised by its magic bytes, whatever the name), quoted values (RFC 4180), empty lines skipped, the first row the
 * header. A quoted value that is never closed fails the file, as it must: FastCSV takes it to the end of the file as
 * if closed (its issue #173), so the quotes of the text are counted against those of its values (see
 * {@link #closesEveryQuote}).
 */
final class CsvRecordStream implements RecordStream {

    private final String name;
    private final CsvReader<Row> reader;
    private final CloseableIterator<Row> rows;
    private final Tail tail;
    private final RowHandler handler;
    private final StateCheck check;
    private final List<String> header;
    // rows read so far, the header the first: a row's number, as a file without quoted line ends numbers its lines
    private long records;
    private boolean ended;

    private CsvRecordStream(String name, CsvReader<Row> reader, Tail tail, RowHandler handler, StateCheck check)
            throws SourceException {
        this.name = name;
        this.reader = reader;
        this.rows = reader.iterator();
        this.tail = tail;
        this.handler = handler;
        this.check = check;
        Optional<Row> first = advance();
        if (first.isEmpty()) {
            throw new SourceException(SourceException.Kind.UNREADABLE, name + " is empty: it has no header row");
        }
        this.header = Arrays.asList(first.get().values());
    }

    static CsvRecordStream open(String name, InputStream raw, StateCheck check) throws SourceException {
        try {
            BufferedInputStream in = new BufferedInputStream(raw, 1 << 16);
            in.mark(2);
            int first = in.read();
            int second = in.read();
            in.reset();
            InputStream content = first == 0x1f && second == 0x8b ? new GZIPInputStream(in, 1 << 16) : in;
            Tail tail = new Tail(new InputStreamReader(content, StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT)));
            // a row's width is the row rules' to judge, row by row: a short or long row is rejected, not the file;
            // white space around a quoted value is dropped (Commons CSV, the reader before, dropped it after one)
            RowHandler handler = new RowHandler();
            CsvReader<Row> reader = CsvReader.builder().skipEmptyLines(true).allowExtraFields(true)
                    .allowMissingFields(true).allowExtraCharsAfterClosingQuote(false)
                    .trimWhitespacesAroundQuotes(true).build(handler, withoutByteOrderMark(tail));
            return new CsvRecordStream(name, reader, tail, handler, check);
        } catch (IOException | UncheckedIOException unreadable) {
            closeQuietly(raw);
            throw new SourceException(SourceException.Kind.UNREADABLE, name + " cannot be read as CSV: "
                    + rootMessage(unreadable), unreadable);
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
        Optional<Row> next = advance();
        if (next.isEmpty()) {
            ended = true;
            return Optional.empty();
        }
        return Optional.of(new SourceRecord(records, Arrays.asList(next.get().values())));
    }

    @Override
    public FileState state() throws SourceException {
        return check.state();
    }

    @Override
    public List<ReadNotice> notices() {
        // a file of one line cannot tell: its writer may never end lines at all
        if (ended && records > 1 && tail.endedUnterminated()) {
            return List.of(new ReadNotice.UnterminatedLastLine(records));
        }
        return List.of();
    }

    /** The next row, and for the file's last one, whether its last value was closed if it was quoted. */
    private Optional<Row> advance() throws SourceException {
        try {
            if (!rows.hasNext()) {
                return Optional.empty();
            }
            Row row = rows.next();
            records++;
            if (row.lastQuoted() && !rows.hasNext() && !closesEveryQuote()) {
                throw new SourceException(SourceException.Kind.UNREADABLE, name + " is not valid CSV: the row that"
                        + " begins on line " + row.line() + " opens a quoted value that is never closed");
            }
            return Optional.of(row);
        } catch (UncheckedIOException | CsvParseException malformed) {
            if (rootCause(malformed) instanceof EOFException) {
                // what GZIPInputStream throws for a file cut short ("Unexpected end of ZLIB input stream"), said
                // so that a user knows what to fix: the file, not its CSV
                throw new SourceException(SourceException.Kind.UNREADABLE, name + " is a truncated gzip file: its "
                        + "compressed data ends unexpectedly after row " + records, malformed);
            }
            throw new SourceException(SourceException.Kind.UNREADABLE, name + " is not valid CSV after row "
                    + records + ": " + rootMessage(malformed), malformed);
        }
    }

    /**
     * Whether the text, read to its end, closed every quoted value it opened. A closed quoted value spends an even
     * number of quotes (its two, and two for each quote in it); an unquoted value keeps its quotes as they are; so the
     * text's quotes less those of its unquoted values are even, unless the last value was opened and never closed
     * (its opening quote, then only doubled ones): FastCSV reads that value to the end of the file as if closed.
     */
    private boolean closesEveryQuote() {
        return (tail.quotes() - handler.unquotedQuotes()) % 2 == 0;
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
        String message = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        // FastCSV's own message names the line its record began on; its cause says what was wrong there
        return root == failure || failure.getMessage() == null ? message : failure.getMessage() + ": " + message;
    }

    @Override
    public void close() {
        try {
            reader.close();
        } catch (IOException ignored) {
            // nothing left to read from it
        }
    }

    /** A row as read: its values, the line it began on, and whether its last value was quoted. */
    private record Row(String[] values, long line, boolean lastQuoted) {
    }

    /**
     * Builds each row from FastCSV's fields, noting whether the last one was quoted and counting unquoted quotes. Each
     * row's values go into an array of its own, as wide as the row before: the common row hands it over whole, where
     * a list kept for the whole file (old by then, so that every value stored in it paid the collector's barrier)
     * and copied out per row cost a tenth of a run's reading thread.
     */
    private static final class RowHandler extends AbstractBaseCsvCallbackHandler<Row> {
        private int width = 8;
        private String[] values;
        private int count;
        private boolean lastQuoted;
        private long unquotedQuotes;

        @Override
        protected void handleBegin(long startingLineNumber) {
            values = new String[width];
            count = 0;
            lastQuoted = false;
        }

        @Override
        protected void handleField(int fieldIdx, char[] buf, int offset, int len, boolean quoted) {
            if (!quoted) {
                for (int i = offset; i < offset + len; i++) {
                    if (buf[i] == '"') {
                        unquotedQuotes++;
                    }
                }
            }
            if (count == values.length) {
                values = Arrays.copyOf(values, count * 2);
            }
            values[count++] = new String(buf, offset, len);
            lastQuoted = quoted;
        }

        long unquotedQuotes() {
            return unquotedQuotes;
        }

        @Override
        protected Row buildRecord() {
            String[] row = count == values.length ? values : Arrays.copyOf(values, count);
            // the next row is sized as this one: a file's rows are as wide as each other, as a rule
            width = Math.max(count, 1);
            return new Row(row, getStartingLineNumber(), lastQuoted);
        }
    }

    /**
     * Watches the characters the parser reads: whether the text had line ends and whether its last character was one
     * (below the byte-order mark's removal, which changes no line end), and how many quotes it holds.
     */
    private static final class Tail extends FilterReader {
        private boolean sawLineEnd;
        private int last = -1;
        private long quotes;

        Tail(Reader in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int c = super.read();
            if (c != -1) {
                see((char) c);
                if (c == '"') {
                    quotes++;
                }
            }
            return c;
        }

        @Override
        public int read(char[] buffer, int offset, int length) throws IOException {
            int read = super.read(buffer, offset, length);
            // once a line end has been seen before some other character, only the last character still matters:
            // no per-character work on the rest of a file of millions of rows but this count
            for (int i = 0; i < read && !sawLineEnd; i++) {
                see(buffer[offset + i]);
            }
            long counted = 0;
            for (int i = offset; i < offset + read; i++) {
                if (buffer[i] == '"') {
                    counted++;
                }
            }
            quotes += counted;
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

        long quotes() {
            return quotes;
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
