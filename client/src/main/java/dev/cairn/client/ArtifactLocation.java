package dev.cairn.client;

/**
 * Where an artifact's blob is and how it is encoded, for reading it outside Cairn.
 *
 * @param uri        the blob: a file path, or an {@code s3://} URI
 * @param codec      {@code arrow} (an Arrow IPC stream), {@code json} (UTF-8 JSON), {@code bytes} (as the step stored
 *                   them), or a registered codec's name
 * @param type       the Java type it was written from
 * @param size       its content's size in bytes, before compression
 * @param compressed whether the file is one zstd frame around the content ({@code zstd -d}); Arrow blobs are not
 */
public record ArtifactLocation(String uri, String codec, String type, long size, boolean compressed) {

    /** How to read it, in a line: the encoding and what to decompress it with, if anything. */
    public String encoding() {
        String content = switch (codec) {
            case "arrow" -> "Arrow IPC stream (one record batch after another)";
            case "json" -> "JSON (UTF-8)";
            case "bytes" -> "bytes as the step stored them";
            default -> "codec " + codec;
        };
        return content + (compressed ? ", zstd-compressed: zstd -d < FILE" : ", uncompressed: open the file as it is");
    }
}
