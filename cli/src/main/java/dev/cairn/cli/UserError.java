package dev.cairn.cli;

/** A problem with what the user asked for; printed without a stack trace, exit code 2. */
final class UserError extends RuntimeException {
    UserError(String message) {
        super(message);
    }
}
