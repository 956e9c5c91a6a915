package dev.extaudiences.adapter.jdbi;

import dev.extaudiences.core.source.CloudType;
import dev.extaudiences.core.source.SourceKind;
import dev.extaudiences.core.source.SourceType;

/**
 * The names a source spec's cloud type, kind and source type are stored under, in the bodies of {@code audiences}
 * and in the requests of {@code audience_operations}: this adapter's own, fixed by the rows already stored (an
 * earlier release wrote the domain's constant names), so that neither the domain nor the wire can rename one
 * without a migration.
 */
final class StoredSourceNames {

    private StoredSourceNames() {
    }

    static String of(CloudType type) {
        return switch (type) {
            case S3 -> "S3";
            case DLZ -> "DLZ";
            case GCS -> "GCS";
            case AZURE -> "AZURE";
            case SFTP -> "SFTP";
        };
    }

    static CloudType cloudType(String stored) {
        return switch (stored) {
            case "S3" -> CloudType.S3;
            case "DLZ" -> CloudType.DLZ;
            case "GCS" -> CloudType.GCS;
            case "AZURE" -> CloudType.AZURE;
            case "SFTP" -> CloudType.SFTP;
            default -> throw new IllegalStateException("unknown stored cloud type " + stored);
        };
    }

    static String of(SourceKind kind) {
        return switch (kind) {
            case FILE -> "FILE";
            case FOLDER -> "FOLDER";
        };
    }

    static SourceKind kind(String stored) {
        return switch (stored) {
            case "FILE" -> SourceKind.FILE;
            case "FOLDER" -> SourceKind.FOLDER;
            default -> throw new IllegalStateException("unknown stored source kind " + stored);
        };
    }

    static String of(SourceType type) {
        return switch (type) {
            case CLOUD_STORAGE -> "CLOUD_STORAGE";
        };
    }

    static SourceType sourceType(String stored) {
        if (stored.equals("CLOUD_STORAGE")) {
            return SourceType.CLOUD_STORAGE;
        }
        throw new IllegalStateException("unknown stored source type " + stored);
    }
}
