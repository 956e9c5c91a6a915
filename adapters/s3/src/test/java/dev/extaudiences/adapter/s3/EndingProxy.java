package dev.extaudiences.adapter.s3;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A TCP proxy that ends a connection cleanly (FIN, as a server closing early would, or a middlebox giving up) once
 * it has carried {@link #endAfter} bytes from the server: the client sees a body shorter than announced and an
 * orderly end, not the reset of the testkit's {@code CuttingProxy}. What an HTTP client may take for the end of
 * the file.
 */
final class EndingProxy implements AutoCloseable {

    private final InetSocketAddress upstream;
    private final ServerSocket listener;
    private final List<Socket> open = new CopyOnWriteArrayList<>();
    private final AtomicLong endAfter = new AtomicLong(-1);
    private final AtomicLong ends = new AtomicLong();

    EndingProxy(InetSocketAddress upstream) throws IOException {
        this.upstream = upstream;
        this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::accept, "ending-proxy");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    InetSocketAddress address() {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), listener.getLocalPort());
    }

    /** The next connection that carries more than {@code bytes} from the server is ended cleanly there. */
    void endAfter(long bytes) {
        endAfter.set(bytes);
    }

    long ends() {
        return ends.get();
    }

    private void accept() {
        while (!listener.isClosed()) {
            try {
                Socket client = listener.accept();
                Socket server = new Socket(upstream.getAddress(), upstream.getPort());
                open.add(client);
                open.add(server);
                pump(client, server, false);
                pump(server, client, true);
            } catch (IOException closed) {
                // the listener was closed
            }
        }
    }

    private void pump(Socket from, Socket to, boolean fromServer) {
        Thread pumping = new Thread(() -> {
            byte[] buffer = new byte[8192];
            long carried = 0;
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                int read;
                while ((read = in.read(buffer)) != -1) {
                    long limit = fromServer ? endAfter.get() : -1;
                    if (limit >= 0 && carried + read > limit && endAfter.compareAndSet(limit, -1)) {
                        out.write(buffer, 0, (int) (limit - carried));
                        out.flush();
                        ends.incrementAndGet();
                        to.close(); // an orderly close of the client's side: FIN, no reset
                        from.close();
                        return;
                    }
                    out.write(buffer, 0, read);
                    out.flush();
                    carried += read;
                }
                to.shutdownOutput();
            } catch (IOException dropped) {
                closeQuietly(from);
                closeQuietly(to);
            }
        }, "ending-proxy-pump");
        pumping.setDaemon(true);
        pumping.start();
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }

    @Override
    public void close() throws IOException {
        listener.close();
        open.forEach(EndingProxy::closeQuietly);
    }
}
