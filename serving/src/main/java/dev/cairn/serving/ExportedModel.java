package dev.cairn.serving;

/**
 * A model archive written by {@link ModelExport}.
 *
 * @param location     where it is, for people and for SageMaker's {@code ModelDataUrl}: a file path or an s3:// URL
 * @param key          its key in the datastore's models store ({@link ModelExport#modelStore})
 * @param archiveBytes the archive's size
 */
public record ExportedModel(String location, String key, ModelManifest manifest, long archiveBytes) {}
