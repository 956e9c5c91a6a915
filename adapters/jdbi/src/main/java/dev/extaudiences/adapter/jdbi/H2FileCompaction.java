package dev.extaudiences.adapter.jdbi;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Whether an embedded H2 file is worth compacting as the database closes. H2 reuses the space of deleted rows but
 * never shrinks its file while it is open, and its ordinary close compacts for {@code MAX_COMPACT_TIME} only (200 ms
 * by default), which gives back little of a file of gigabytes. {@code SHUTDOWN COMPACT} rewrites the whole file,
 * which takes seconds per gigabyte of live data: done only when much of the file holds nothing live.
 */
final class H2FileCompaction {

    /** Below this much free space, a compaction costs more time than the space is worth. */
    static final long MIN_FREE_BYTES = 64L << 20;

    /** The file's size and an estimate of the bytes still live in it, from H2's own figures. */
    record FileUse(long fileBytes, long liveBytes) {

        long freeBytes() {
            return Math.max(0, fileBytes - liveBytes);
        }

        /** At least half the file, and at least {@code minFreeBytes}, holds nothing live. */
        boolean worthCompacting(long minFreeBytes) {
            return freeBytes() >= minFreeBytes && freeBytes() >= liveBytes;
        }
    }

    private H2FileCompaction() {
    }

    /** What the database's file holds; empty for a database without a file (in memory). */
    static Optional<FileUse> measure(Connection connection) throws SQLException {
        Map<String, Long> info = new HashMap<>();
        try (Statement statement = connection.createStatement();
             ResultSet settings = statement.executeQuery("SELECT SETTING_NAME, SETTING_VALUE FROM"
                     + " INFORMATION_SCHEMA.SETTINGS WHERE SETTING_NAME IN"
                     + " ('info.FILE_SIZE', 'info.FILL_RATE', 'info.CHUNKS_FILL_RATE')")) {
            while (settings.next()) {
                try {
                    info.put(settings.getString(1), Long.parseLong(settings.getString(2).trim()));
                } catch (NumberFormatException unexpected) {
                    // a figure this version spells otherwise: no estimate, no compaction
                    return Optional.empty();
                }
            }
        }
        Long file = info.get("info.FILE_SIZE");
        if (file == null || file == 0 || !info.containsKey("info.FILL_RATE")
                || !info.containsKey("info.CHUNKS_FILL_RATE")) {
            return Optional.empty();
        }
        // FILL_RATE: the share of the file its chunks occupy; CHUNKS_FILL_RATE: the share of those chunks still live
        long live = file * info.get("info.FILL_RATE") / 100 * info.get("info.CHUNKS_FILL_RATE") / 100;
        return Optional.of(new FileUse(file, live));
    }
}
