package dev.extaudiences.adapter.sftp;

import dev.extaudiences.core.source.SourceException;
import java.io.IOException;
import java.net.UnknownHostException;
import java.nio.channels.UnresolvedAddressException;
import java.security.KeyPair;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.auth.keyboard.UserAuthKeyboardInteractiveFactory;
import org.apache.sshd.client.auth.password.UserAuthPasswordFactory;
import org.apache.sshd.client.auth.pubkey.UserAuthPublicKeyFactory;
import org.apache.sshd.client.config.hosts.HostConfigEntryResolver;
import org.apache.sshd.client.future.AuthFuture;
import org.apache.sshd.client.future.ConnectFuture;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.NamedFactory;
import org.apache.sshd.common.NamedResource;
import org.apache.sshd.common.SshConstants;
import org.apache.sshd.common.SshException;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.keyprovider.KeyIdentityProvider;
import org.apache.sshd.common.signature.Signature;
import org.apache.sshd.core.CoreModuleProperties;
import org.apache.sshd.sftp.SftpModuleProperties;
import org.apache.sshd.sftp.client.SftpClient;
import org.apache.sshd.sftp.client.SftpClientFactory;

/**
 * The one SSH session of a storage, with its SFTP channel, shared by every run reading from it at once (MINA SSHD's
 * SFTP client matches each answer to its request, whichever thread sent it). A session found closed (the server
 * ended it, the network dropped it, it was left unused past the read timeout) is replaced by a new one when next
 * asked for. Every step is bounded by the connection's {@link Timeouts}.
 */
final class SftpSessions implements AutoCloseable {

    /**
     * The ciphers asked for first: AES-GCM, which the JVM runs on the processor's AES and carry-less multiply
     * instructions, where MINA SSHD's default first choice, ChaCha20-Poly1305, is computed in Java (measured through
     * one loopback session: 70 to 117 MB/s with it, 146 to 330 MB/s with AES-GCM). Both are authenticated ciphers; a
     * server without AES-GCM is still read with the next one both offer.
     */
    static final List<String> CIPHERS_FIRST = List.of("aes256-gcm@openssh.com", "aes128-gcm@openssh.com");

    /**
     * The key exchange asked for first: ML-KEM-768 with X25519 (OpenSSH 10's default), post-quantum as the
     * sntrup761 hybrid MINA SSHD would ask for first, at a fraction of the processor time a new session costs (27 to
     * 58 against 70 to 240 ms for a new session on this machine, warm).
     */
    static final List<String> KEY_EXCHANGES_FIRST = List.of("mlkem768x25519-sha256");

    /** One connected session and its SFTP channel. */
    record Session(ClientSession ssh, SftpClient sftp) {
        boolean usable() {
            return ssh.isOpen() && !ssh.isClosing() && sftp.isOpen() && !sftp.isClosing();
        }

        void close() {
            try {
                sftp.close();
            } catch (IOException ignored) {
                // the session goes with it
            }
            ssh.close(true);
        }
    }

    private final SftpConnection connection;
    private final Failures failures;
    private final List<KeyPair> keys;
    private final HostKeyVerifier hostKeys;
    private SshClient client;
    private Session current;
    private boolean closed;

    SftpSessions(SftpConnection connection, Failures failures) {
        this.connection = connection;
        this.failures = failures;
        this.keys = connection.auth() instanceof Auth.PrivateKey key ? ClientKeys.read(key, failures) : List.of();
        this.hostKeys = new HostKeyVerifier(connection.knownHosts(), connection.host(), connection.port());
    }

    /** The session to send requests on: the current one while it is usable, otherwise a new one. */
    synchronized Session session() throws SourceException {
        if (closed) {
            throw failures.storage("the storage is closed");
        }
        if (current != null && current.usable()) {
            return current;
        }
        if (current != null) {
            current.close();
            current = null;
        }
        current = connect();
        return current;
    }

    /**
     * Closes {@code failed}, a session a request failed on for a reason of the connection's (it was lost, or the
     * server stopped answering), unless another caller has replaced it already: the next request opens a new one
     * instead of waiting on a stuck one.
     */
    synchronized void discard(Session failed) {
        if (current == failed) {
            failed.close();
            current = null;
        }
    }

    private Session connect() throws SourceException {
        Timeouts timeouts = connection.timeouts();
        String address = connection.host() + ":" + connection.port();
        ConnectFuture connecting;
        try {
            connecting = client().connect(connection.user(), connection.host(), connection.port());
            if (!connecting.await(timeouts.connect())) {
                connecting.cancel();
                throw failures.storage("could not connect to " + address + ": no answer within "
                        + seconds(timeouts.connect()));
            }
        } catch (IOException failed) {
            throw failures.storage("could not connect to " + address + ": " + unreachable(failed), failed);
        }
        if (connecting.getException() != null) {
            throw failures.storage("could not connect to " + address + ": " + unreachable(connecting.getException()),
                    connecting.getException());
        }
        ClientSession ssh = connecting.getSession();
        try {
            authenticate(ssh, address);
            SftpClient sftp = SftpClientFactory.instance().createSftpClient(ssh);
            return new Session(ssh, sftp);
        } catch (IOException failed) {
            ssh.close(true);
            throw failures.storage("the server at " + address + " did not open its SFTP subsystem: "
                    + failures.describe(failed), failed);
        } catch (SourceException | RuntimeException failed) {
            ssh.close(true);
            throw failed;
        } finally {
            hostKeys.refusalOf(ssh); // told by now, if there was one
        }
    }

    private void authenticate(ClientSession ssh, String address) throws IOException, SourceException {
        if (connection.auth() instanceof Auth.Password password) {
            ssh.addPasswordIdentity(password.password());
        }
        keys.forEach(ssh::addPublicKeyIdentity);
        Duration timeout = connection.timeouts().authentication();
        AuthFuture auth = ssh.auth();
        if (!auth.await(timeout)) {
            auth.cancel();
            throw refusedOr(ssh, "the server at " + address + " did not complete the SSH handshake and login within "
                    + seconds(timeout));
        }
        if (auth.isSuccess()) {
            return;
        }
        Throwable failure = auth.getException();
        if (disconnectCode(failure) == SshConstants.SSH2_DISCONNECT_NO_MORE_AUTH_METHODS_AVAILABLE) {
            throw failures.storage("authentication refused: the server at " + address + " refused user '"
                    + connection.user() + "' with " + credential(), failure);
        }
        throw refusedOr(ssh, "the SSH handshake with " + address + " failed: "
                + (failure == null ? "the session was closed" : failures.describe(failure)));
    }

    private String unreachable(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof UnresolvedAddressException || cause instanceof UnknownHostException) {
                return "the name '" + connection.host() + "' does not resolve to an address";
            }
        }
        return failures.describe(failure);
    }

    /** The host key refusal, when the session was closed for one; {@code otherwise} when not. */
    private SourceException refusedOr(ClientSession ssh, String otherwise) {
        return failures.storage(hostKeys.refusalOf(ssh).orElse(otherwise));
    }

    private String credential() {
        if (keys.isEmpty()) {
            return connection.auth().shown();
        }
        return "the private key " + HostKeyVerifier.describe(keys.get(0).getPublic());
    }

    private static int disconnectCode(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof SshException ssh && ssh.getDisconnectCode() != 0) {
                return ssh.getDisconnectCode();
            }
        }
        return 0;
    }

    private SshClient client() {
        if (client != null) {
            return client;
        }
        SshClient made = SshClient.setUpDefaultClient();
        // nothing from this machine's ~/.ssh: the connection's settings are all there is
        made.setHostConfigEntryResolver(HostConfigEntryResolver.EMPTY);
        made.setKeyIdentityProvider(KeyIdentityProvider.EMPTY_KEYS_PROVIDER);
        made.setServerKeyVerifier(hostKeys);
        made.setUserAuthFactories(connection.auth() instanceof Auth.Password
                ? List.of(UserAuthPasswordFactory.INSTANCE, UserAuthKeyboardInteractiveFactory.INSTANCE)
                : List.of(UserAuthPublicKeyFactory.INSTANCE));
        made.setSignatureFactories(listedFirst(made.getSignatureFactories(), hostKeys.listedKeyTypes()));
        made.setCipherFactories(namedFirst(made.getCipherFactories(), CIPHERS_FIRST));
        made.setKeyExchangeFactories(namedFirst(made.getKeyExchangeFactories(), KEY_EXCHANGES_FIRST));
        Timeouts timeouts = connection.timeouts();
        CoreModuleProperties.IO_CONNECT_TIMEOUT.set(made, timeouts.connect());
        // a backstop behind the bounded wait in authenticate, which tells the failure in its own words
        CoreModuleProperties.AUTH_TIMEOUT.set(made, timeouts.authentication().multipliedBy(2));
        // a request's answer is waited for as long as the session may stay idle: the read timeout bounds both
        CoreModuleProperties.IDLE_TIMEOUT.set(made, timeouts.read());
        CoreModuleProperties.CHANNEL_OPEN_TIMEOUT.set(made, timeouts.read());
        SftpModuleProperties.SFTP_CHANNEL_OPEN_TIMEOUT.set(made, timeouts.read());
        made.start();
        client = made;
        return made;
    }

    /** The signature algorithms, those of the key types the known hosts list for this server first. */
    private static List<NamedFactory<Signature>> listedFirst(List<NamedFactory<Signature>> factories,
                                                             Set<String> listed) {
        List<NamedFactory<Signature>> ordered = new ArrayList<>(factories);
        ordered.sort(Comparator.comparing(factory -> !listed.contains(KeyUtils.getCanonicalKeyType(factory.getName()))
                && !listed.contains(factory.getName())));
        return ordered;
    }

    /** {@code factories} with those named in {@code first} first, in that order, the others as they were. */
    static <T extends NamedResource> List<T> namedFirst(List<T> factories, List<String> first) {
        List<T> ordered = new ArrayList<>(factories);
        ordered.sort(Comparator.comparingInt(factory -> {
            int at = first.indexOf(factory.getName());
            return at < 0 ? first.size() : at;
        }));
        return ordered;
    }

    private static String seconds(Duration duration) {
        return duration.toMillis() % 1000 == 0 ? duration.toSeconds() + " s" : duration.toMillis() + " ms";
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (current != null) {
            current.close();
            current = null;
        }
        if (client != null) {
            client.stop();
            client = null;
        }
    }
}
