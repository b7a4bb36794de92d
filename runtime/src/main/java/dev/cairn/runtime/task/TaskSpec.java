package dev.cairn.runtime.task;

/**
 * One attempt of one task: what {@code cairn step} is told to run, and what the local scheduler runs.
 *
 * @param attempt counting from 0, as task records store it
 */
public record TaskSpec(String run, String step, String task, int attempt) {

    /** The attempt as users see it, counting from 1 (see {@code TaskRecord.attemptNumber()}). */
    public int attemptNumber() {
        return attempt + 1;
    }

    @Override
    public String toString() {
        return run + "/" + step + "/" + task + (attempt > 0 ? " (attempt " + attemptNumber() + ")" : "");
    }
}
