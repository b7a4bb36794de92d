package dev.cairn.flow;

/**
 * The task a step is running as: for file names, logs, and files the step writes beside its artifacts.
 *
 * <pre>{@code
 * Path extract = Path.of(current().filesFolder(), "training-set");   // write files here...
 * String where = current().filesLocation() + "/training-set";        // ...readers find them here
 * }</pre>
 *
 * @param attempt       which attempt of the task this is, counting from 1 (2 is the first retry), as
 *                      {@code cairn show}, {@code cairn logs} and run cards count
 * @param filesLocation where this task's files live in the run's part of the datastore (a folder, or an
 *                      {@code s3://} prefix for cloud runs); record what you write in an artifact so
 *                      readers find it
 * @param filesFolder   a local folder to write those files into: the same folder as {@code filesLocation}
 *                      on a local datastore; on S3 a scratch folder whose files are uploaded to
 *                      {@code filesLocation} when the step succeeds, before its artifacts are committed
 */
public record TaskInfo(
        String flow, String run, String step, String task, int attempt, String filesLocation, String filesFolder) {}
