package dev.cairn.datastore;

import java.io.IOException;

/**
 * A blob whose content no longer matches its address (a flipped bit, a truncated or overwritten file): it is
 * never returned, and the next {@link BlobStore#put} of the same value replaces it.
 */
public final class DamagedBlobException extends IOException {
    private static final long serialVersionUID = 1L;

    private final String sha;
    private final String problem;

    /**
     * @param location where the blob lives (its store's location)
     * @param problem  what is wrong with it, e.g. "its content hashes to 1f2e..., not to its address"
     */
    public DamagedBlobException(String sha, String location, String problem, Throwable cause) {
        super("blob " + sha + " in " + location + " is damaged: " + problem, cause);
        this.sha = sha;
        this.problem = problem;
    }

    private DamagedBlobException(String sha, String message, DamagedBlobException cause) {
        super(message, cause);
        this.sha = sha;
        this.problem = cause.problem;
    }

    public String sha() {
        return sha;
    }

    /** What is wrong with the blob, without where it is: "its content hashes to 1f2e..., not to its address". */
    public String problem() {
        return problem;
    }

    /** The same damage named as what reads it: {@code artifact `summary` of task F/run/end/0}. */
    public DamagedBlobException in(String artifact, String task) {
        return new DamagedBlobException(
                sha,
                "artifact `" + artifact + "` of task " + task + " is damaged (" + getMessage()
                        + "). Run its step again (a new run, or resume --from that step): storing the value again"
                        + " replaces the damaged blob",
                this);
    }
}
