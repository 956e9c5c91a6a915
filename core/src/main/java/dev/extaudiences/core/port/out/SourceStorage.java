package dev.extaudiences.core.port.out;

import dev.extaudiences.core.source.SourceException;
import dev.extaudiences.core.source.SourceFile;
import java.io.InputStream;
import java.util.List;
import java.util.Optional;

/**
 * One storage that source files are kept in, reached over its own protocol: a directory, an S3 bucket, an Azure
 * container, an SFTP server, each under a root. A path is relative to that root, its parts separated by {@code /},
 * with no empty or {@code .} part ({@code ""} is the root itself) and no {@code ..} part: by its name it never leaves
 * the root; what else could lead out of it (a link) is the storage's to refuse. A failure of the storage itself
 * (unreachable, refused credentials, throttled beyond its own retries) is a {@code STORAGE_FAILURE} whose message
 * names the storage and what failed, never a secret.
 */
public interface SourceStorage {

    /**
     * Why {@code path} would lead outside the root by a means only this storage knows (a link on a file system), if
     * it would. Asked when a run is started, so it answers from what is at hand: a remote storage, whose paths are
     * names and nothing else, answers empty without asking its server.
     */
    Optional<String> escapes(String path);

    /** The file at {@code path} now, or empty when no file is there (a folder is not a file). */
    Optional<SourceFile> file(String path) throws SourceException;

    /**
     * The files directly inside the folder at {@code path} (none of its sub-folders', none whose name starts with a
     * dot: an upload in progress or a system file), in the order of their paths, however many pages the storage
     * lists them in; empty when there is no such folder (an object store's folder is there when the name of an
     * object starts with it and a {@code /}).
     */
    Optional<List<SourceFile>> folder(String path) throws SourceException;

    /**
     * The bytes of a listed file from {@code offset} on, streamed as they are read: never fetched whole first. A read
     * that fails on the way throws an {@link java.io.IOException} (never an unchecked exception), so that the reading
     * can be resumed from where it stopped.
     */
    InputStream open(SourceFile file, long offset) throws SourceException;
}
