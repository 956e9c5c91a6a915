package dev.extaudiences.adapter.sftp;

import java.util.ArrayList;
import java.util.List;
import org.apache.sshd.client.config.hosts.KnownHostEntry;

/** The entries of known_hosts lines, parsed by MINA SSHD's reader of OpenSSH's format. */
final class KnownHostsEntries {

    private KnownHostsEntries() {
    }

    static List<KnownHostEntry> parse(List<String> lines) {
        List<KnownHostEntry> entries = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank() || line.strip().startsWith("#")) {
                continue;
            }
            KnownHostEntry entry;
            try {
                entry = KnownHostEntry.parseKnownHostEntry(line);
            } catch (RuntimeException malformed) {
                throw new IllegalArgumentException("known hosts line " + (i + 1) + " is not a known_hosts entry: "
                        + malformed.getMessage(), malformed);
            }
            if (entry == null || entry.getKeyEntry() == null) {
                throw new IllegalArgumentException("known hosts line " + (i + 1) + " is not a known_hosts entry");
            }
            entries.add(entry);
        }
        return entries;
    }
}
