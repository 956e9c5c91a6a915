package dev.extaudiences.testkit.http;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * Where the kit puts the CSV files its ingestion rules need: the place a run of the implementation reads for an
 * audience of the data landing zone, per (org, sandbox). A landing zone on this machine sets each file's modification
 * time, which the time-window rules need; a command places files elsewhere and leaves their modification time to the
 * storage. Without a drop, the rules that need one are skipped, and say why.
 */
public interface FileDrop {

    /** Places {@code content} at {@code path} in the landing zone of the org and sandbox, modified at {@code modifiedAt}. */
    void place(String orgId, String sandbox, String path, byte[] content, Instant modifiedAt);

    /** Whether {@link #place} gives a file the modification time asked for. */
    boolean setsModificationTimes();

    /** Whether files can be placed at all. */
    default boolean available() {
        return true;
    }

    /** No file drop: every rule that needs one is skipped. */
    static FileDrop none() {
        return None.INSTANCE;
    }

    /** A folder on this machine per org and sandbox: {@code pattern} holds {@code {org}} and {@code {sandbox}}. */
    static FileDrop landingZone(String pattern) {
        return new LandingZone(pattern);
    }

    /** Runs {@code command LOCAL_FILE ORG SANDBOX PATH} (through {@code sh -c}) to place each file. */
    static FileDrop command(String command) {
        return new Command(command);
    }

    enum None implements FileDrop {
        INSTANCE;

        @Override
        public void place(String orgId, String sandbox, String path, byte[] content, Instant modifiedAt) {
            throw new IllegalStateException("no file drop was given (--landing-zone or --drop-command)");
        }

        @Override
        public boolean setsModificationTimes() {
            return false;
        }

        @Override
        public boolean available() {
            return false;
        }

        @Override
        public String toString() {
            return "no file drop";
        }
    }

    /**
     * A landing zone the kit writes into. Org ids and sandbox names are written as they are: the names the kit uses
     * have the shapes the API accepts (letters, digits, {@code @}, {@code -}, {@code _}), which a landing zone has no
     * reason to escape. A file is written beside its place under a hidden name, given its modification time, and moved
     * into place in one step, so that a run never meets half of it.
     */
    record LandingZone(String pattern) implements FileDrop {

        public LandingZone {
            Objects.requireNonNull(pattern, "pattern");
            if (!pattern.contains("{org}") || !pattern.contains("{sandbox}")) {
                throw new IllegalArgumentException("the landing zone pattern must hold {org} and {sandbox}, so that"
                        + " each org and sandbox has its own folder: '" + pattern + "'");
            }
        }

        /** The folder of one org and sandbox. */
        public Path folder(String orgId, String sandbox) {
            return Path.of(pattern.replace("{org}", orgId).replace("{sandbox}", sandbox));
        }

        @Override
        public void place(String orgId, String sandbox, String path, byte[] content, Instant modifiedAt) {
            Path target = folder(orgId, sandbox).resolve(path);
            Path partial = target.resolveSibling("." + target.getFileName() + "." + UUID.randomUUID() + ".part");
            try {
                Files.createDirectories(target.getParent());
                Files.write(partial, content);
                Files.setLastModifiedTime(partial, FileTime.from(modifiedAt));
                Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException failed) {
                throw new UncheckedIOException("the kit could not write " + target, failed);
            }
        }

        @Override
        public boolean setsModificationTimes() {
            return true;
        }

        @Override
        public String toString() {
            return "the landing zone " + pattern;
        }
    }

    /**
     * A command that places a file where the implementation reads it (an upload to a bucket, a copy over SSH). The
     * storage stamps the file when it arrives; the kit waits past that second before a run may read it.
     */
    record Command(String command) implements FileDrop {

        private static final long TIMEOUT_SECONDS = 120;

        public Command {
            Objects.requireNonNull(command, "command");
            if (command.isBlank()) {
                throw new IllegalArgumentException("the drop command is empty");
            }
        }

        @Override
        public void place(String orgId, String sandbox, String path, byte[] content, Instant modifiedAt) {
            Path local = null;
            try {
                String name = Path.of(path).getFileName().toString();
                local = Files.createTempFile("extaudiences-drop-", "-" + name);
                Files.write(local, content);
                // "$@" passes the four values as they are, whatever the command line around them quotes
                Process process = new ProcessBuilder(List.of("sh", "-c", command + " \"$@\"", "drop",
                        local.toString(), orgId, sandbox, path)).redirectErrorStream(true).start();
                process.getOutputStream().close();
                byte[] output = process.getInputStream().readAllBytes();
                if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    throw new IllegalStateException("the drop command did not end within " + TIMEOUT_SECONDS
                            + " s: " + this + " " + local + " " + orgId + " " + sandbox + " " + path);
                }
                if (process.exitValue() != 0) {
                    throw new IllegalStateException("the drop command ended with exit code " + process.exitValue()
                            + ": " + command + " " + local + " " + orgId + " " + sandbox + " " + path + "\n"
                            + new String(output, StandardCharsets.UTF_8).strip());
                }
                Calls.pastTheSecond();
            } catch (IOException failed) {
                throw new UncheckedIOException("the drop command could not be run: " + command, failed);
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(interrupted);
            } finally {
                if (local != null) {
                    try {
                        Files.deleteIfExists(local);
                    } catch (IOException ignored) {
                        // a temporary file left behind harms nothing
                    }
                }
            }
        }

        @Override
        public boolean setsModificationTimes() {
            return false;
        }

        @Override
        public String toString() {
            return "the drop command " + command;
        }
    }
}
