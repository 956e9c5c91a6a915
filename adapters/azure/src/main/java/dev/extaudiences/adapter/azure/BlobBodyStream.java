package dev.extaudiences.adapter.azure;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.reactivestreams.Subscription;
import reactor.core.publisher.BaseSubscriber;
import reactor.core.publisher.Flux;

/**
 * The body of one ranged download, read as it arrives: what is held ahead of the reader is bounded by the demand
 * passed upstream (the SDK reads up to a few megabytes ahead), never the blob. A body that fails on its way throws an
 * {@link IOException} naming the failure, and one that ends before its length is a failure too, never a short clean
 * end: the reader resumes from its position or gives up, it is never handed a cut file as a whole one. The read
 * timeout counts only while the reader waits for bytes: a reader that stops for a while (a run waiting on its
 * database) is not a stalled network.
 */
final class BlobBodyStream extends InputStream {

    /** Buffers asked for ahead of the reader, on top of what the SDK reads ahead itself. */
    private static final int BUFFERS_AHEAD = 16;

    /** How the body ended: completed, or failed with {@code failure}. */
    private record Ended(Throwable failure) {
    }

    private final BlockingQueue<Object> arrived = new LinkedBlockingQueue<>();
    private final Body body = new Body();
    private final String path;
    private final Duration readTimeout;
    private final AzureFailures failures;
    private long position;
    private long remaining;
    private ByteBuffer current = ByteBuffer.allocate(0);
    private IOException failed;
    private boolean closed;

    /** {@code length} bytes of {@code path} from {@code offset}, as the answer's Content-Length announced them. */
    BlobBodyStream(Flux<ByteBuffer> content, String path, long offset, long length, Duration readTimeout,
                   AzureFailures failures) {
        this.path = path;
        this.position = offset;
        this.remaining = length;
        this.readTimeout = readTimeout;
        this.failures = failures;
        content.subscribe(body);
    }

    /** Passes each buffer to the reader's queue, and asks for one more each time the reader takes one. */
    private final class Body extends BaseSubscriber<ByteBuffer> {
        @Override
        protected void hookOnSubscribe(Subscription subscription) {
            request(BUFFERS_AHEAD);
        }

        @Override
        protected void hookOnNext(ByteBuffer buffer) {
            arrived.add(buffer);
        }

        @Override
        protected void hookOnComplete() {
            arrived.add(new Ended(null));
        }

        @Override
        protected void hookOnError(Throwable failure) {
            arrived.add(new Ended(failure));
        }
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

    /** Whether there are bytes to hand out, waiting for the next buffer when there are none. */
    private boolean filled() throws IOException {
        if (failed != null) {
            throw failed; // a failed read stays failed: a resume opens a new download
        }
        while (!current.hasRemaining()) {
            Object next = next();
            if (next instanceof ByteBuffer buffer) {
                current = buffer;
                body.request(1);
            } else if (((Ended) next).failure() != null) {
                throw fail(failures.readFailed(path, position, ((Ended) next).failure()));
            } else if (remaining > 0) {
                throw fail(failures.readFailed(path, position, new IOException("the body ended " + remaining
                        + " bytes short of its length")));
            } else {
                return false;
            }
        }
        return true;
    }

    private Object next() throws IOException {
        Object next;
        try {
            next = arrived.poll(readTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw fail(new InterruptedIOException("the read of '" + path + "' was interrupted"));
        }
        if (next == null) {
            throw fail(failures.stalled(path, position, readTimeout));
        }
        return next;
    }

    private IOException fail(IOException failure) {
        failed = failure;
        body.cancel();
        return failure;
    }

    /** Cancels the download: its connection is dropped rather than read to its end. */
    @Override
    public void close() {
        if (!closed) {
            closed = true;
            body.cancel();
            arrived.clear();
        }
    }
}
