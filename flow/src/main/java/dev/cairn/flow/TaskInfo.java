package dev.cairn.flow;

/**
 * The task a step is running as: for file names, logs, and files the step writes beside its artifacts.
 *
 * @param filesLocation where this task may write files of its own (a folder, or an {@code s3://}
 *                      prefix for cloud runs) inside the run's part of the datastore; record what you
 *                      write there in an artifact so readers find it
 */
public record TaskInfo(String flow, String run, String step, String task, int attempt, String filesLocation) {}
