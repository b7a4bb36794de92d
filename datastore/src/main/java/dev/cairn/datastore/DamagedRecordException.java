package dev.cairn.datastore;

import java.io.IOException;

/**
 * A run or task record that is there but cannot be read (cut short by a full disk or a copy, or not JSON): the
 * message names its file, so a reader can skip it or a person can move it aside.
 */
public final class DamagedRecordException extends IOException {
    private static final long serialVersionUID = 1L;

    private final String location;

    public DamagedRecordException(String location, Throwable cause) {
        super(
                "the record " + location + " is damaged (" + firstLine(cause.getMessage())
                        + "): it was cut short or is not JSON; move it aside, or delete the run's folder",
                cause);
        this.location = location;
    }

    /** The record's file or s3:// URI. */
    public String location() {
        return location;
    }

    private static String firstLine(String message) {
        String line =
                message == null ? "unreadable" : message.lines().findFirst().orElse("unreadable");
        return line.length() <= 120 ? line : line.substring(0, 119) + "…";
    }
}
