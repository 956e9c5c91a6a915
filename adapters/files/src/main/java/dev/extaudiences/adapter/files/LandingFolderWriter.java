package dev.extaudiences.adapter.files;

import dev.extaudiences.core.source.SourceException;
import dev.extaudiences.core.source.SourceFile;
import dev.extaudiences.core.upload.LandingWrite;
import dev.extaudiences.core.upload.UploadLimit;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.UUID;

/**
 * Writes one file into a scope's landing folder. The bytes go to a hidden file beside the target (runs skip names
 * starting with a dot), which is then renamed over the target in one step: a run lists the old file or the whole new
 * one. Every folder on the way is checked by its real path against the folder as this server names it under the
 * landing zone's real path, before anything is created in it, so that no link (at a sub-folder, at the scope's own
 * folder, at the org's) takes a write into another org's folder or out of the landing zone.
 */
final class LandingFolderWriter {

    private static final int BUFFER = 64 * 1024;

    private final Path landing;
    private final Path folder;

    LandingFolderWriter(Path landing, Path folder) {
        this.landing = landing;
        this.folder = folder;
    }

    LandingWrite write(String path, InputStream content, UploadLimit limit) throws SourceException {
        Path target = folder.resolve(path).normalize();
        if (!target.startsWith(folder) || target.equals(folder)) {
            return new LandingWrite.Refused("'" + path + "' points outside the landing folder");
        }
        Path temporary = null;
        try {
            Files.createDirectories(landing);
            Path boundary = landing.toRealPath().resolve(landing.relativize(folder));
            LandingWrite.Refused outside = prepareFolders(target.getParent(), boundary, path);
            if (outside != null) {
                return outside;
            }
            if (Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
                return new LandingWrite.Refused("'" + path + "' is a folder in the landing zone, not a file");
            }
            temporary = target.resolveSibling(".upload-" + UUID.randomUUID() + ".part");
            if (!copy(content, temporary, limit)) {
                return new LandingWrite.TooLarge(limit);
            }
            // the rename replaces the entry itself, a link there included: nothing is written through a link
            Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            temporary = null;
            BasicFileAttributes attributes = Files.readAttributes(target, BasicFileAttributes.class,
                    LinkOption.NOFOLLOW_LINKS);
            return new LandingWrite.Written(new SourceFile(folder.relativize(target).toString().replace('\\', '/'),
                    attributes.lastModifiedTime().toInstant(), attributes.size()));
        } catch (DirectoryNotEmptyException | FileAlreadyExistsException folderInTheWay) {
            return new LandingWrite.Refused("'" + path + "' is a folder in the landing zone, not a file");
        } catch (IOException storage) {
            throw new SourceException(SourceException.Kind.STORAGE_FAILURE, "the file system failed while writing '"
                    + path + "' into the landing zone: " + storage.getMessage(), storage);
        } finally {
            deleteQuietly(temporary);
        }
    }

    /**
     * Creates the folders from the scope's folder down to {@code parent}, one at a time, each only once the one above
     * it is known to lie inside the boundary; answers why not when one does not.
     */
    private LandingWrite.Refused prepareFolders(Path parent, Path boundary, String path) throws IOException {
        Path current = landing;
        for (Path part : landing.relativize(parent)) {
            current = current.resolve(part);
            if (!Files.exists(current, LinkOption.NOFOLLOW_LINKS)) {
                Files.createDirectory(current);
            }
            boolean aboveScope = !current.startsWith(folder);
            Path real = current.toRealPath();
            // above the scope's folder (the org's), the real path must be the named one: a link there is refused too
            Path expected = landing.toRealPath().resolve(landing.relativize(current));
            if (aboveScope ? !real.equals(expected) : !real.startsWith(boundary)) {
                return new LandingWrite.Refused("'" + path + "' leads through a link outside the landing folder");
            }
            if (!Files.isDirectory(real)) {
                return new LandingWrite.Refused("'" + path + "' leads through a file, not a folder");
            }
        }
        return null;
    }

    /** Copies at most the limit; false, with the copy left for the caller to delete, when there was more. */
    private static boolean copy(InputStream content, Path temporary, UploadLimit limit) throws IOException {
        long written = 0;
        byte[] buffer = new byte[BUFFER];
        try (OutputStream out = Files.newOutputStream(temporary, StandardOpenOption.CREATE_NEW,
                StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS)) {
            for (int read = content.read(buffer); read >= 0; read = content.read(buffer)) {
                written += read;
                if (limit.refuses(written)) {
                    return false;
                }
                out.write(buffer, 0, read);
            }
        }
        return true;
    }

    private static void deleteQuietly(Path temporary) {
        if (temporary == null) {
            return;
        }
        try {
            Files.deleteIfExists(temporary);
        } catch (IOException leftBehind) {
            // a hidden leftover: runs never read it, and the next upload uses another name
        }
    }
}
