package dev.cairn.functions.router;

/** A request the router refuses with a 4xx status; carries no stack trace (hostile input is routine). */
final class Refusal extends Exception {

    private final int status;

    Refusal(int status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    int status() {
        return status;
    }
}
