package dev.extaudiences.app;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.ServerSocket;
import java.net.SocketException;
import java.net.UnknownHostException;

/**
 * Checks, before anything is opened or made on disk, that the server can listen where it is told to: an unknown host
 * or an address of another machine is said to be one, and a port in use is said to be in use.
 */
final class ListeningAddress {

    private ListeningAddress() {
    }

    static void check(String host, int port) {
        InetAddress address = address(host);
        // a free port can still be taken between this probe and the real bind; Server names the port in that case too
        if (port != 0) {
            try (ServerSocket probe = new ServerSocket()) {
                probe.setReuseAddress(true);
                probe.bind(new InetSocketAddress(address, port));
            } catch (IOException inUse) {
                throw portInUse(host, port);
            }
        }
    }

    static CannotStart portInUse(String host, int port) {
        return new CannotStart("PORT", "port " + port + " is already in use on " + host
                + " (stop what listens there, or choose another port; 0 picks a free one)");
    }

    private static InetAddress address(String host) {
        InetAddress address;
        try {
            address = InetAddress.getByName(host);
        } catch (UnknownHostException | SecurityException unknown) {
            throw new CannotStart("HOST", "'" + host + "' is not a known host name or address");
        }
        if (!address.isAnyLocalAddress() && !isOfThisMachine(address)) {
            String resolved = address.getHostAddress().equals(host) ? "" : " (" + address.getHostAddress() + ")";
            throw new CannotStart("HOST", "'" + host + "'" + resolved
                    + " is not an address of this machine; use 0.0.0.0 for every interface");
        }
        return address;
    }

    private static boolean isOfThisMachine(InetAddress address) {
        try {
            return address.isLoopbackAddress() || NetworkInterface.getByInetAddress(address) != null;
        } catch (SocketException unknowable) {
            return true; // let the real bind decide
        }
    }
}
