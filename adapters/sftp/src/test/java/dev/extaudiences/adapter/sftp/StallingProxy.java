package dev.extaudiences.adapter.sftp;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A TCP proxy in front of a server that counts the bytes the server sends, and can stop passing them on while
 * keeping every connection open: a server, or a network, that hangs in the middle of an answer.
 */
final class StallingProxy implements AutoCloseable {

    private final InetSocketAddress upstream;
    private final ServerSocket listener;
    private final List<Socket> open = new CopyOnWriteArrayList<>();
    private final AtomicBoolean stalled = new AtomicBoolean();
    private final AtomicLong fromServer = new AtomicLong();

    StallingProxy(InetSocketAddress upstream) throws IOException {
        this.upstream = upstream;
        this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::accept, "stalling-proxy");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    int port() {
        return listener.getLocalPort();
    }

    /** From now on nothing the server sends is passed on; the connections stay open. */
    void stall() {
        stalled.set(true);
    }

    /** Passes what the server sends on again. */
    void resume() {
        stalled.set(false);
    }

    /** The bytes the server has sent through this proxy so far. */
    long bytesFromServer() {
        return fromServer.get();
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

    private void pump(Socket from, Socket to, boolean fromTheServer) {
        Thread pumping = new Thread(() -> {
            byte[] buffer = new byte[8192];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                int read;
                while ((read = in.read(buffer)) != -1) {
                    while (fromTheServer && stalled.get() && !to.isClosed()) {
                        Thread.sleep(50);
                    }
                    if (fromTheServer) {
                        fromServer.addAndGet(read);
                    }
                    out.write(buffer, 0, read);
                    out.flush();
                }
            } catch (IOException | InterruptedException ended) {
                // a side closed
            }
        }, "stalling-proxy-pump");
        pumping.setDaemon(true);
        pumping.start();
    }

    @Override
    public void close() throws IOException {
        listener.close();
        for (Socket socket : open) {
            socket.close();
        }
    }
}
