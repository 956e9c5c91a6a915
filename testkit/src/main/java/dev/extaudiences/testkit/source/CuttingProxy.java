package dev.extaudiences.testkit.source;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A TCP proxy in front of a protocol server that can drop a connection in the middle of an answer: what a storage
 * meets when a network fails under a read. Every connection is forwarded both ways; once {@link #cutAfter} is set, the
 * next connection that carries more than that many bytes from the server is reset (not closed cleanly) at that
 * point, so the client sees a failed read, never a short clean end. Connections after it pass whole.
 */
public final class CuttingProxy implements AutoCloseable {

    private final InetSocketAddress upstream;
    private final ServerSocket listener;
    private final List<Socket> open = new CopyOnWriteArrayList<>();
    private final AtomicLong cutAfter = new AtomicLong(-1);
    private final AtomicLong cuts = new AtomicLong();
    private final Thread acceptor;

    public CuttingProxy(InetSocketAddress upstream) throws IOException {
        this.upstream = upstream;
        this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.acceptor = new Thread(this::accept, "cutting-proxy-" + listener.getLocalPort());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** Where clients connect to reach the server through this proxy. */
    public InetSocketAddress address() {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), listener.getLocalPort());
    }

    /** The next connection that carries more than {@code bytes} bytes from the server is reset at that point. */
    public void cutAfter(long bytes) {
        cutAfter.set(bytes);
    }

    /** How many connections this proxy has reset. */
    public long cuts() {
        return cuts.get();
    }

    private void accept() {
        while (!listener.isClosed()) {
            try {
                Socket client = listener.accept();
                Socket server = new Socket(upstream.getAddress(), upstream.getPort());
                open.add(client);
                open.add(server);
                pump(client, server, false, client, server);
                pump(server, client, true, client, server);
            } catch (IOException closedOrRefused) {
                // the listener was closed, or the server refused: the client's connection fails as it would
            }
        }
    }

    private void pump(Socket from, Socket to, boolean fromServer, Socket client, Socket server) {
        Thread pumping = new Thread(() -> {
            byte[] buffer = new byte[8192];
            long carried = 0;
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                int read;
                while ((read = in.read(buffer)) != -1) {
                    long limit = fromServer ? cutAfter.get() : -1;
                    if (limit >= 0 && carried + read > limit && cutAfter.compareAndSet(limit, -1)) {
                        out.write(buffer, 0, (int) (limit - carried));
                        out.flush();
                        cuts.incrementAndGet();
                        reset(client);
                        reset(server);
                        return;
                    }
                    out.write(buffer, 0, read);
                    out.flush();
                    carried += read;
                }
                to.shutdownOutput();
            } catch (IOException dropped) {
                reset(client);
                reset(server);
            }
        }, "cutting-proxy-pump");
        pumping.setDaemon(true);
        pumping.start();
    }

    private static void reset(Socket socket) {
        try {
            socket.setSoLinger(true, 0); // a reset, as a failed network gives, not an orderly end of stream
            socket.close();
        } catch (SocketException alreadyClosed) {
            // nothing to reset
        } catch (IOException ignored) {
            // closing anyway
        }
    }

    @Override
    public void close() throws IOException {
        listener.close();
        open.forEach(CuttingProxy::reset);
    }
}
