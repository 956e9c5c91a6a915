package dev.extaudiences.adapter.s3;

import java.io.IOException;
import java.io.InputStream;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * The bytes of one GET answer, as the port wants them read: a failure on the way is an {@link IOException}, never
 * one of the SDK's unchecked exceptions, and a body that ends before the length its answer announced has failed,
 * whatever the HTTP client made of the connection's end (a clean close after part of a body reads as a normal end
 * to some). Closed before its end, the request is aborted rather than drained: the rest may be gigabytes.
 */
final class ObjectBody extends InputStream {

    private final ResponseInputStream<?> answer;
    private final long announced;
    private final String name;
    private long received;

    ObjectBody(ResponseInputStream<?> answer, long announced, String name) {
        this.answer = answer;
        this.announced = announced;
        this.name = name;
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
        int read;
        try {
            read = answer.read(buffer, offset, length);
        } catch (IOException | SdkException failed) {
            // named, since the client's own words ("Connection reset") say nothing of which object or where
            throw new IOException("the read of " + name + " failed after " + received + " of " + announced
                    + " bytes: " + failed.getMessage(), failed);
        }
        if (read == -1) {
            if (received < announced) {
                throw new IOException("the read of " + name + " ended after " + received + " of " + announced
                        + " bytes");
            }
            return -1;
        }
        received += read;
        return read;
    }

    @Override
    public void close() throws IOException {
        try {
            if (received < announced) {
                answer.abort();
            }
            answer.close();
        } catch (SdkException failed) {
            throw new IOException("closing the read of " + name + " failed: " + failed.getMessage(), failed);
        }
    }
}
