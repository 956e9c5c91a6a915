package dev.extaudiences.core.service;

import dev.extaudiences.core.port.out.RecordDecoder;
import dev.extaudiences.core.port.out.SourceStorage;
import dev.extaudiences.core.source.FileState;
import dev.extaudiences.core.source.SourceException;
import dev.extaudiences.core.source.SourceFile;
import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;

/**
 * The bytes of one file, read from its storage; a read that fails on the way (a connection dropped in the middle of
 * an object) is resumed where it stopped, a few times, after a pause, and only while the file is still what was
 * listed: bytes before and after a resume belong to the same file, or the reading stops. Beyond that the failure is
 * the storage's, and says so ({@link #storageFailure}), whatever the decoder above made of it.
 */
final class ResumingInput extends InputStream {

    /** Resumes of one file: a storage that drops a file this often will not deliver it. */
    static final int MAX_RESUMES = 5;

    /** A read the storage could not complete: what tells a failed storage from a bad file above the decoder. */
    static final class StorageReadFailure extends IOException {
        StorageReadFailure(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private final SourceStorage storage;
    private final SourceFile file;
    private final Backoff backoff;
    private final RecordDecoder.StateCheck state;
    private InputStream current;
    private long position;
    private int resumes;

    ResumingInput(SourceStorage storage, SourceFile file, Backoff backoff, RecordDecoder.StateCheck state) {
        this.storage = storage;
        this.file = file;
        this.backoff = backoff;
        this.state = state;
    }

    /** Opens the file at its first byte, asked again while the storage fails and the backoff has patience. */
    void start() throws SourceException {
        Backoff.Waits waits = backoff.waits();
        while (true) {
            try {
                current = storage.open(file, 0);
                return;
            } catch (SourceException failed) {
                if (failed.kind() != SourceException.Kind.STORAGE_FAILURE || !waits.next()) {
                    throw failed;
                }
            }
        }
    }

    /** Bytes read so far, resumed reads included once. */
    long position() {
        return position;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int read = read(one, 0, 1);
        return read == -1 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        while (true) {
            try {
                int read = current.read(buffer, offset, length);
                if (read > 0) {
                    position += read;
                }
                return read;
            } catch (StorageReadFailure given) {
                throw given;
            } catch (IOException dropped) {
                resume(dropped);
            }
        }
    }

    private void resume(IOException dropped) throws IOException {
        closeCurrent();
        Backoff.Waits waits = backoff.waits();
        if (++resumes > MAX_RESUMES || !waits.next()) {
            throw new StorageReadFailure("the read of '" + file.path() + "' failed after " + position + " bytes ("
                    + (resumes - 1) + " resumed): " + describe(dropped), dropped);
        }
        FileState now;
        try {
            now = state.state();
        } catch (SourceException unreachable) {
            throw new StorageReadFailure("the read of '" + file.path() + "' failed after " + position + " bytes, "
                    + "and so did asking for it again: " + unreachable.getMessage(), dropped);
        }
        if (!(now instanceof FileState.Unchanged)) {
            // the stream above asks the state itself and names the change; the bytes so far are not to be continued
            throw new IOException("'" + file.path() + "' changed while it was read", dropped);
        }
        try {
            current = storage.open(file, position);
        } catch (SourceException failed) {
            if (failed.kind() == SourceException.Kind.MISSING) {
                // rewritten or removed between the check and the reopen (a storage holding the listed version
                // refuses any other): a change of the file, which the stream above names, not a failed storage
                throw new IOException("'" + file.path() + "' changed while it was read: " + failed.getMessage(),
                        dropped);
            }
            throw new StorageReadFailure("the read of '" + file.path() + "' failed after " + position + " bytes, "
                    + "and so did opening it again: " + failed.getMessage(), dropped);
        }
    }

    private static String describe(IOException failure) {
        return failure.getMessage() == null ? failure.getClass().getSimpleName() : failure.getMessage();
    }

    /**
     * What a decoder's failure was in truth: the storage's, when a read of the storage gave up under it (a decoder
     * sees a failed read as a cut file, and would call the file unreadable).
     */
    SourceException storageFailure(SourceException decoded) {
        return cause(decoded).<SourceException>map(failure -> new SourceException(
                SourceException.Kind.STORAGE_FAILURE, failure.getMessage(), decoded)).orElse(decoded);
    }

    private static Optional<StorageReadFailure> cause(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof StorageReadFailure storage) {
                return Optional.of(storage);
            }
        }
        return Optional.empty();
    }

    @Override
    public void close() throws IOException {
        closeCurrent();
    }

    private void closeCurrent() {
        if (current == null) {
            return;
        }
        try {
            current.close();
        } catch (IOException ignored) {
            // a dropped stream may not close cleanly; nothing more is read from it
        } finally {
            current = null;
        }
    }
}
