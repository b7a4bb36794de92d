package dev.cairn.serving;

/** A request the server answers with an error status and {@code {"error": message}}. */
final class HttpProblem extends RuntimeException {
    static final int BAD_REQUEST = 400;
    static final int NOT_FOUND = 404;
    static final int METHOD_NOT_ALLOWED = 405;
    static final int TOO_LARGE = 413;
    static final int UNSUPPORTED_MEDIA_TYPE = 415;

    private final int status;
    private final String allow;

    HttpProblem(int status, String message) {
        this(status, message, null);
    }

    /** @param allow the method a 405 names in its {@code Allow} header */
    HttpProblem(int status, String message, String allow) {
        super(message, null, false, false);
        this.status = status;
        this.allow = allow;
    }

    String allow() {
        return allow;
    }

    int status() {
        return status;
    }
}
