package dev.cairn.cards;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** Times and durations as people read them, on cards and in the CLI: local wall-clock time, ms, seconds or minutes. */
public final class HumanTime {
    private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private HumanTime() {}

    /** {@code 2026-11-26 07:15:30} in this machine's time zone; "-" for none. */
    public static String at(Instant instant) {
        return instant == null ? "-" : LOCAL.format(instant.atZone(ZoneId.systemDefault()));
    }

    /** {@code 35 ms}, {@code 4.2 s} or {@code 3 min 07 s}. */
    public static String took(Duration duration) {
        return duration.toMillis() < 1000 ? duration.toMillis() + " ms" : seconds(duration);
    }

    /** {@code 0.4 s}, {@code 4.2 s} or {@code 3 min 07 s}. */
    public static String seconds(Duration duration) {
        long ms = duration.toMillis();
        return ms < 60_000
                ? String.format(Locale.ROOT, "%.1f s", ms / 1000.0)
                : String.format(Locale.ROOT, "%d min %02d s", ms / 60_000, (ms / 1000) % 60);
    }
}
