package dev.extaudiences.app.bench;

import java.util.List;

/**
 * What one route of the load benchmark sends: a method, the paths it cycles through (one path for a read of one
 * resource; one per audience for a write that may touch an audience only once), and a body in which {@code {n}} is
 * replaced by a value unique to the request (a name that must not repeat).
 *
 * <p>Request {@code i} of a round goes to {@code paths[offset + i % count]}: a round of run starts takes its own slice
 * of the audiences, so that no audience gets a second run while its first is still in progress.
 */
record Workload(String route, String method, List<String> paths, String body, int offset, int count) {

    static Workload read(String route, String path) {
        return new Workload(route, "GET", List.of(path), null, 0, 1);
    }

    static Workload write(String route, String method, List<String> paths, String body) {
        return new Workload(route, method, paths, body, 0, paths.size());
    }

    /** The same requests over the paths {@code [offset, offset + count)} only. */
    Workload slice(int sliceOffset, int sliceCount) {
        return new Workload(route, method, paths, body, sliceOffset, sliceCount);
    }

    String path(long request) {
        return paths.get(offset + (int) (request % count));
    }

    String body(String unique) {
        return body == null ? null : body.replace("{n}", unique);
    }
}
