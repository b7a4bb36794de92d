package dev.cairn.warehouse;

import java.util.List;

/** What an unload wrote: where (folder or s3:// prefix), the files, and how many rows. -1 rows when unknown. */
public record UnloadResult(String location, List<String> files, long rows) {
    public UnloadResult {
        files = List.copyOf(files);
    }

    /**
     * The same files once moved under {@code newLocation} (e.g. written into a step's local files folder,
     * read later from its datastore location): each file keeps its name relative to {@link #location}.
     */
    public UnloadResult relocated(String newLocation) {
        String base = location.endsWith("/") ? location : location + "/";
        String target = newLocation.endsWith("/") ? newLocation : newLocation + "/";
        List<String> moved = files.stream()
                .map(f -> {
                    String normalized = f.replace('\\', '/');
                    String from = base.replace('\\', '/');
                    if (!normalized.startsWith(from)) {
                        throw new IllegalArgumentException("file " + f + " is not under " + location);
                    }
                    return target + normalized.substring(from.length());
                })
                .toList();
        return new UnloadResult(target.substring(0, target.length() - 1), moved, rows);
    }
}
