package dev.extaudiences.adapter.sftp;

import dev.extaudiences.core.port.out.SourceStorage;
import dev.extaudiences.testkit.contract.SourceStorageContract;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;

/**
 * Fresh places on one test server for the source storage contract: a directory of its own each, files put straight
 * into the directory the server serves, and the faults an SFTP storage meets. {@code breaking} lets a test wrap
 * every storage a place hands out, to prove that the contract's rules catch a broken one.
 */
final class SftpPlaces {

    static final String WRONG_PASSWORD = "not-the-password-at-all";

    private final SftpTestServer server;
    private final AtomicInteger made = new AtomicInteger();

    SftpPlaces(SftpTestServer server) {
        this.server = server;
    }

    SourceStorageContract.Place newPlace() throws Exception {
        return newPlace(UnaryOperator.identity());
    }

    SourceStorageContract.Place newPlace(UnaryOperator<SourceStorage> breaking) throws Exception {
        String name = "place-" + made.incrementAndGet();
        Path directory = Files.createDirectories(server.home().resolve(name));
        return new Place(server, directory, "/" + name, breaking);
    }

    private static final class Place implements SourceStorageContract.Place, SourceStorageContract.Faults {

        private final SftpTestServer server;
        private final Path directory;
        private final String root;
        private final UnaryOperator<SourceStorage> breaking;
        private final List<SftpStorage> opened = new ArrayList<>();
        private final SourceStorage storage;

        Place(SftpTestServer server, Path directory, String root, UnaryOperator<SourceStorage> breaking) {
            this.server = server;
            this.directory = directory;
            this.root = root;
            this.breaking = breaking;
            this.storage = opened(server.connection(root));
        }

        private SourceStorage opened(SftpConnection connection) {
            SftpStorage made = new SftpStorage(connection);
            opened.add(made);
            return breaking.apply(made);
        }

        @Override
        public SourceStorage storage() {
            return storage;
        }

        @Override
        public void put(String path, byte[] content) throws Exception {
            Path file = directory.resolve(path);
            Files.createDirectories(file.getParent());
            Files.write(file, content);
        }

        @Override
        public void delete(String path) throws Exception {
            Files.delete(directory.resolve(path));
        }

        @Override
        public Optional<SourceStorageContract.Faults> faults() {
            return Optional.of(this);
        }

        @Override
        public String secret() {
            return SftpTestServer.PASSWORD;
        }

        @Override
        public SourceStorage withWrongCredentials() {
            return opened(server.connection(root).withAuth(Auth.password(WRONG_PASSWORD)));
        }

        @Override
        public String wrongSecret() {
            return WRONG_PASSWORD;
        }

        @Override
        public SourceStorage ofMissingPlace() {
            return opened(server.connection(root + "-missing"));
        }

        @Override
        public SourceStorage unreachable() {
            try {
                return opened(server.connectionAt(SftpTestServer.unusedPort(), root));
            } catch (java.io.IOException noPort) {
                throw new java.io.UncheckedIOException(noPort);
            }
        }

        @Override
        public InetSocketAddress server() {
            return server.address();
        }

        @Override
        public SourceStorage through(InetSocketAddress proxy) {
            return opened(server.connectionAt(proxy.getPort(), root));
        }

        @Override
        public void close() {
            opened.forEach(SftpStorage::close);
        }
    }
}
