package dev.extaudiences.adapter.sftp;

import java.io.IOException;
import java.io.InputStream;

/**
 * The bytes of one remote file as MINA SSHD streams them (several blocks asked for ahead of the reader), with every
 * failure an {@link IOException} naming the storage: a read cut by a dropped connection must fail, never end
 * cleanly, and never escape as an unchecked exception, so that the reading can be resumed where it stopped. A failed
 * read ends its session ({@code connectionFailed}), so that the resumed read reaches the server on a new one.
 */
final class RemoteFileInput extends InputStream {

    private final InputStream remote;
    private final Failures failures;
    private final Runnable connectionFailed;

    RemoteFileInput(InputStream remote, Failures failures, Runnable connectionFailed) {
        this.remote = remote;
        this.failures = failures;
        this.connectionFailed = connectionFailed;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int read = read(one, 0, 1);
        return read == -1 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        if (length == 0) {
            return 0;
        }
        try {
            return remote.read(buffer, offset, length);
        } catch (IOException | RuntimeException failed) {
            connectionFailed.run();
            throw new IOException(failures.location() + ": the connection failed while reading: "
                    + failures.describe(failed), failed);
        }
    }

    @Override
    public void close() throws IOException {
        try {
            remote.close();
        } catch (RuntimeException failed) {
            throw new IOException(failures.location() + ": closing a read failed: " + failures.describe(failed),
                    failed);
        }
    }
}
