package dev.cairn.runtime.task;

/** One attempt of one task: what {@code cairn step} is told to run, and what the local scheduler runs. */
public record TaskSpec(String run, String step, String task, int attempt) {

    @Override
    public String toString() {
        return run + "/" + step + "/" + task + (attempt > 0 ? " (attempt " + (attempt + 1) + ")" : "");
    }
}
