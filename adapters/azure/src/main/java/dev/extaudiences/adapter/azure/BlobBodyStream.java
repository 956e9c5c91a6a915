package dev.extaudiences.adapter.azure;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.Iterator;
import java.util.Objects;
import java.util.stream.Stream;
import reactor.core.publisher.Flux;

/**
 * The body of one ranged download, read as it arrives: a few network buffers are held ahead of the reader, never the
 * blob. A body that fails on its way throws an {@link IOException} naming the failure, and one that ends before its
 * length is a failure too, never a short clean end: the reader resumes from its position or gives up, it is never
 * handed a cut file as a whole one.
 */
final class BlobBodyStream extends InputStream {

    /** Network buffers asked for ahead of the reader (the JDK client's are 16 KiB). */
    private static final int BUFFERS_AHEAD = 8;

    private final Stream<ByteBuffer> buffers;
    private final Iterator<ByteBuffer> next;
    private final String path;
    private final AzureFailures failures;
    private long position;
    private long remaining;
    private ByteBuffer current = ByteBuffer.allocate(0);
    private boolean closed;

    /** {@code length} bytes of {@code path} from {@code offset}, as the answer's Content-Length announced them. */
    BlobBodyStream(Flux<ByteBuffer> body, String path, long offset, long length, AzureFailures failures) {
        this.buffers = body.toStream(BUFFERS_AHEAD);
        this.next = buffers.iterator();
        this.path = path;
        this.position = offset;
        this.remaining = length;
        this.failures = failures;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) == -1 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] into, int offset, int length) throws IOException {
        Objects.checkFromIndexSize(offset, length, into.length);
        if (closed) {
            throw new IOException("the read of '" + path + "' was closed");
        }
        if (length == 0) {
            return 0;
        }
        if (!filled()) {
            return -1;
        }
        int count = Math.min(length, current.remaining());
        current.get(into, offset, count);
        position += count;
        remaining -= count;
        return count;
    }

    @Override
    public int available() {
        return closed ? 0 : current.remaining();
    }

    private boolean filled() throws IOException {
        while (!current.hasRemaining()) {
            boolean more;
            try {
                more = next.hasNext();
                if (more) {
                    current = next.next();
                }
            } catch (RuntimeException failed) {
                // the reactive body signals a dropped connection or a read timeout as an unchecked wrapper
                throw failures.readFailed(path, position, failed);
            }
            if (!more) {
                if (remaining > 0) {
                    throw failures.readFailed(path, position, new IOException("the body ended " + remaining
                            + " bytes short of its length"));
                }
                return false;
            }
        }
        return true;
    }

    /** Cancels the download: its connection is dropped rather than read to its end. */
    @Override
    public void close() {
        if (!closed) {
            closed = true;
            buffers.close();
        }
    }
}
