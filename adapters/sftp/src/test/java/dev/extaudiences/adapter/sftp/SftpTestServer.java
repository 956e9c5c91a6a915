package dev.extaudiences.adapter.sftp;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PublicKey;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.file.virtualfs.VirtualFileSystemFactory;
import org.apache.sshd.common.kex.KexProposalOption;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.apache.sshd.common.session.Session;
import org.apache.sshd.common.session.SessionListener;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.sftp.SftpModuleProperties;
import org.apache.sshd.sftp.server.SftpSubsystemFactory;

/**
 * A real SFTP server in this JVM: Apache MINA SSHD's own, with its SFTP subsystem on a temporary directory, on an
 * ephemeral loopback port, with a generated host key, a password user and that user's authorised key pair.
 */
public final class SftpTestServer implements AutoCloseable {

    public static final String USER = "reader";
    public static final String PASSWORD = "correct-horse-battery-staple";

    /** Timeouts short enough for a test to see a failure soon, long enough for a loaded machine. */
    static final Timeouts TIMEOUTS = new Timeouts(Duration.ofSeconds(5), Duration.ofSeconds(10),
            Duration.ofSeconds(10));

    private final Path home;
    private final SshServer server;
    private final List<KeyPair> hostKeys;
    private final List<PublicKey> authorised = new CopyOnWriteArrayList<>();
    private final AtomicInteger sessionsOpened = new AtomicInteger();
    private volatile Map<KexProposalOption, String> lastNegotiated = Map.of();

    private SftpTestServer(Path home, List<KeyPair> hostKeys, Consumer<SshServer> configure) throws IOException {
        this.home = home;
        this.hostKeys = List.copyOf(hostKeys);
        server = SshServer.setUpDefaultServer();
        server.setHost("127.0.0.1");
        server.setPort(0);
        server.setKeyPairProvider(KeyPairProvider.wrap(hostKeys));
        server.setPasswordAuthenticator((user, password, session) -> USER.equals(user) && PASSWORD.equals(password));
        server.setPublickeyAuthenticator((user, key, session) -> USER.equals(user)
                && authorised.stream().anyMatch(known -> KeyUtils.compareKeys(known, key)));
        server.setFileSystemFactory(new VirtualFileSystemFactory(home));
        server.setSubsystemFactories(List.of(new SftpSubsystemFactory()));
        server.addSessionListener(new SessionListener() {
            @Override
            public void sessionCreated(Session session) {
                sessionsOpened.incrementAndGet();
            }

            @Override
            public void sessionNegotiationEnd(Session session, Map<KexProposalOption, String> clientProposal,
                                              Map<KexProposalOption, String> serverProposal,
                                              Map<KexProposalOption, String> negotiatedOptions, Throwable reason) {
                if (reason == null) {
                    lastNegotiated = Map.copyOf(negotiatedOptions);
                }
            }
        });
        configure.accept(server);
        server.start();
    }

    /**
     * A server on {@code home} with one ECDSA host key, speaking SFTP version 3 only, as OpenSSH's server does (MINA
     * SSHD's would agree on version 6, which few servers speak).
     */
    public static SftpTestServer start(Path home) throws Exception {
        return start(home, List.of(newKeyPair("ecdsa-sha2-nistp256", 256)),
                server -> SftpModuleProperties.SFTP_VERSION.set(server, 3));
    }

    static SftpTestServer start(Path home, List<KeyPair> hostKeys, Consumer<SshServer> configure) throws Exception {
        Files.createDirectories(home);
        return new SftpTestServer(home, hostKeys, configure);
    }

    static KeyPair newKeyPair(String type, int bits) throws GeneralSecurityException {
        return KeyUtils.generateKeyPair(type, bits);
    }

    /** The directory the server serves as {@code /}. */
    Path home() {
        return home;
    }

    public int port() {
        return server.getPort();
    }

    InetSocketAddress address() {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), port());
    }

    /** How many SSH sessions clients have opened with this server. */
    int sessionsOpened() {
        return sessionsOpened.get();
    }

    /** What the last session a client opened agreed on: its key exchange, its ciphers, its MACs. */
    Map<KexProposalOption, String> lastNegotiated() {
        return lastNegotiated;
    }

    /** Ends every session from the server's side, as a server restarting or ending idle sessions does. */
    void dropSessions() {
        server.getActiveSessions().forEach(session -> session.close(true));
    }

    /** Lets {@code key} log in as {@link #USER}. */
    void authorise(PublicKey key) {
        authorised.add(key);
    }

    /** A known_hosts line naming this server's first host key at {@code host}:{@code port}. */
    public String knownHostsLine(String host, int port) {
        return knownHostsLine(host, port, hostKeys.get(0).getPublic());
    }

    static String knownHostsLine(String host, int port, PublicKey key) {
        String name = port == 22 ? host : "[" + host + "]:" + port;
        return name + " " + PublicKeyEntry.toString(key);
    }

    /** How {@link #USER} reaches {@code root} on this server with its password, the host key known. */
    SftpConnection connection(String root) {
        return connectionAt(port(), root);
    }

    /** The same, at another port of this host: a proxy in front of this server, or nothing at all. */
    SftpConnection connectionAt(int port, String root) {
        return new SftpConnection("127.0.0.1", port, USER, root, Auth.password(PASSWORD),
                KnownHosts.of(knownHostsLine("127.0.0.1", port)), TIMEOUTS);
    }

    /** A loopback port nothing listens on (it was free a moment ago). */
    static int unusedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    @Override
    public void close() throws IOException {
        server.stop(true);
    }
}
