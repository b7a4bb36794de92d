package dev.cairn.client;

/**
 * A flow, run, step, task or artifact that the datastore does not hold. The message names what
 * was asked for and lists what exists instead.
 */
public final class NotFoundException extends IllegalArgumentException {
    public NotFoundException(String message) {
        super(message);
    }
}
