package dev.cairn.datastore;

import java.nio.file.NoSuchFileException;

/** A blob that a record names but the datastore does not hold (deleted, or never copied with the records). */
public final class MissingBlobException extends NoSuchFileException {
    private static final long serialVersionUID = 1L;

    private final String sha;
    private final String message;

    public MissingBlobException(String sha, String location, Throwable cause) {
        this(sha, "blob " + sha + " is missing from " + location);
        initCause(cause);
    }

    private MissingBlobException(String sha, String message) {
        super(sha);
        this.sha = sha;
        this.message = message;
    }

    public String sha() {
        return sha;
    }

    @Override
    public String getMessage() {
        return message;
    }

    /** The same absence named as what reads it: {@code artifact `summary` of task F/run/end/0}. */
    public MissingBlobException in(String artifact, String task) {
        MissingBlobException named = new MissingBlobException(
                sha,
                "artifact `" + artifact + "` of task " + task + " is missing (" + message
                        + "). Run its step again (a new run, or resume --from that step) to store the value again");
        named.initCause(this);
        return named;
    }
}
