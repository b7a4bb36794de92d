package dev.cairn.datastore;

/**
 * Where an artifact's value lives and how to read it.
 *
 * @param sha    blob address (SHA-256 of the encoded bytes)
 * @param codec  codec that encoded it ({@code json}, {@code bytes}, ...)
 * @param type   Java type it was written from, for readers and previews
 * @param size   encoded size in bytes, before compression
 * @param crc32c CRC32C of the encoded bytes (8 hex digits) for a blob a streaming codec wrote (Arrow): reads check
 *     it instead of the SHA-256 (see {@link BlobStore#openBlocks(String, long, String)}); null for other codecs and
 *     in records written before it was recorded, whose reads check the SHA-256
 */
public record ArtifactRef(String sha, String codec, String type, long size, String crc32c) {

    /** An artifact whose reads check its blob's SHA-256 (no CRC32C recorded). */
    public ArtifactRef(String sha, String codec, String type, long size) {
        this(sha, codec, type, size, null);
    }
}
