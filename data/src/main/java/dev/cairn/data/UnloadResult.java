package dev.cairn.data;

import java.util.List;

/** What an unload wrote: where (folder or s3:// prefix), the files, and how many rows. -1 rows when unknown. */
public record UnloadResult(String location, List<String> files, long rows) {
  public UnloadResult {
    files = List.copyOf(files);
  }
}
