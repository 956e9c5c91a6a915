package dev.extaudiences.adapter.sftp;

import java.net.SocketAddress;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.sshd.client.config.hosts.KnownHostEntry;
import org.apache.sshd.client.keyverifier.ServerKeyVerifier;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntryResolver;

/**
 * Checks the key the server shows against the {@link KnownHosts} of its connection. A refusal is kept here for the
 * session it ended ({@link #refusalOf}), since MINA SSHD fails the handshake with words of its own ("Server key did
 * not validate") and clears a session's attributes as it closes it: the storage's failure names the key the server
 * showed from here.
 */
final class HostKeyVerifier implements ServerKeyVerifier {

    private static final String REVOKED = "revoked";

    private final Map<ClientSession, String> refusals = new ConcurrentHashMap<>();

    private final KnownHosts known;
    private final String host;
    private final int port;

    HostKeyVerifier(KnownHosts known, String host, int port) {
        this.known = known;
        this.host = host;
        this.port = port;
    }

    @Override
    public boolean verifyServerKey(ClientSession session, SocketAddress remote, PublicKey shown) {
        Optional<String> refusal = refusal(shown);
        refusal.ifPresent(reason -> refusals.put(session, reason));
        return refusal.isEmpty();
    }

    /** Why the host key of {@code session} was refused, if it was; asked once, as the session's failure is told. */
    Optional<String> refusalOf(ClientSession session) {
        return Optional.ofNullable(refusals.remove(session));
    }

    /** Why {@code shown} is not this server's key, if it is not. */
    Optional<String> refusal(PublicKey shown) {
        List<String> listed = new ArrayList<>();
        for (KnownHostEntry entry : matching()) {
            Optional<PublicKey> key = keyOf(entry);
            boolean same = key.isPresent() && KeyUtils.compareKeys(key.get(), shown);
            if (REVOKED.equals(entry.getMarker())) {
                if (same) {
                    return Optional.of("host key revoked: the server showed " + describe(shown) + ", which the "
                            + "known hosts mark @revoked for " + knownName());
                }
                continue;
            }
            if (entry.getMarker() != null) {
                continue; // @cert-authority: host certificates are not checked by this client
            }
            if (same) {
                return Optional.empty();
            }
            listed.add(key.map(HostKeyVerifier::describe)
                    .orElse(entry.getKeyEntry().getKeyType() + " (a key type this client cannot read)"));
        }
        if (listed.isEmpty()) {
            return Optional.of("host key not known: the known hosts list no key for " + knownName()
                    + "; the server showed " + describe(shown));
        }
        return Optional.of("host key mismatch: the server showed " + describe(shown) + ", but the known hosts list "
                + "for " + knownName() + " only " + String.join(", ", listed)
                + " (the server's key was replaced, or this is not that server)");
    }

    /**
     * The key types the known hosts list for this server, for the client to ask for first: a server with several
     * host keys shows the one the client asks for, which must be one the known hosts can vouch for.
     */
    Set<String> listedKeyTypes() {
        Set<String> types = new LinkedHashSet<>();
        for (KnownHostEntry entry : matching()) {
            if (entry.getMarker() == null) {
                types.addAll(KeyUtils.getAllEquivalentKeyTypes(entry.getKeyEntry().getKeyType()));
                types.add(entry.getKeyEntry().getKeyType());
            }
        }
        return types;
    }

    private List<KnownHostEntry> matching() {
        return KnownHostsEntries.parse(known.lines()).stream().filter(entry -> entry.isHostMatch(host, port)).toList();
    }

    private static Optional<PublicKey> keyOf(KnownHostEntry entry) {
        try {
            return Optional.ofNullable(entry.getKeyEntry().resolvePublicKey(null, Collections.emptyMap(),
                    PublicKeyEntryResolver.IGNORING));
        } catch (Exception unreadable) {
            return Optional.empty();
        }
    }

    /** How OpenSSH names this server in known_hosts. */
    private String knownName() {
        return port == 22 ? host : "[" + host + "]:" + port;
    }

    static String describe(PublicKey key) {
        return KeyUtils.getKeyType(key) + " key " + KeyUtils.getFingerPrint(key);
    }
}
