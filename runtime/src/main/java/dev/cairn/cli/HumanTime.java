package dev.cairn.cli;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/** Times and durations as the CLI prints them: local wall-clock time, seconds or minutes. */
final class HumanTime {
    private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private HumanTime() {}

    /** {@code 2026-11-26 07:15:30} in this machine's time zone; "-" for none. */
    static String at(Instant instant) {
        return instant == null ? "-" : LOCAL.format(instant.atZone(ZoneId.systemDefault()));
    }

    /** {@code 35 ms}, {@code 4.2 s} or {@code 3 min 07 s}. */
    static String took(Duration duration) {
        return duration.toMillis() < 1000 ? duration.toMillis() + " ms" : RunProgress.formatDuration(duration);
    }
}
