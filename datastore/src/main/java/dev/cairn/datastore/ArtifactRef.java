package dev.cairn.datastore;

/**
 * Where an artifact's value lives and how to read it.
 *
 * @param sha   blob address (SHA-256 of the encoded bytes)
 * @param codec codec that encoded it ({@code json}, {@code bytes}, ...)
 * @param type  Java type it was written from, for readers and previews
 * @param size  encoded size in bytes, before compression
 */
public record ArtifactRef(String sha, String codec, String type, long size) {}
