package dev.cairn.datastore;

import java.io.IOException;
import java.util.Base64;

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
 * @param inline the encoded bytes themselves (base64) when there are at most {@link #INLINE_MAX_BYTES}, else null:
 *     a reader gets a small value with the record that names it, where it would otherwise make one more request (a
 *     join of 20,000 inputs on S3 makes 20,000 instead of 40,000). The blob is written all the same, so what reads
 *     blobs ({@code cairn verify}, resume, {@code show --path}, renewal) does not care.
 */
public record ArtifactRef(String sha, String codec, String type, long size, String crc32c, String inline) {
    /** The largest encoded value a record carries inline: an id, a number, a short string or list. */
    public static final int INLINE_MAX_BYTES = 256;

    /** An artifact whose reads check its blob's SHA-256 (no CRC32C recorded), nothing inline. */
    public ArtifactRef(String sha, String codec, String type, long size) {
        this(sha, codec, type, size, null, null);
    }

    /** The reference for {@code encoded}, stored at {@code sha}, with the bytes inline when they are small. */
    static ArtifactRef of(String sha, String codec, String type, byte[] encoded) {
        String inline = encoded.length <= INLINE_MAX_BYTES ? Base64.getEncoder().encodeToString(encoded) : null;
        return new ArtifactRef(sha, codec, type, encoded.length, null, inline);
    }

    /**
     * The inline bytes, checked against the address and size (a record edited or damaged by hand must not pass
     * another value off as this one).
     *
     * @throws IOException naming the address when they do not match it or are not base64
     */
    byte[] inlineContent() throws IOException {
        byte[] content;
        try {
            content = Base64.getDecoder().decode(inline);
        } catch (IllegalArgumentException e) {
            throw new IOException(
                    "the inline copy of blob " + sha + " in its task record is not base64: the record"
                            + " is damaged (`cairn verify` names it)",
                    e);
        }
        if (content.length != size || !BlobStore.sha256(content).equals(sha)) {
            throw new IOException("the inline copy of blob " + sha + " in its task record does not hash to that"
                    + " address: the record is damaged (`cairn verify` names it)");
        }
        return content;
    }
}
