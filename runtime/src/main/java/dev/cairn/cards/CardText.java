package dev.cairn.cards;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/** Times, durations and axis numbers as the card writes them. */
final class CardText {
    private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private CardText() {}

    static String at(Instant instant) {
        return instant == null ? "-" : LOCAL.format(instant.atZone(ZoneId.systemDefault()));
    }

    /** {@code 35 ms}, {@code 4.2 s} or {@code 3 min 07 s}. */
    static String took(Duration d) {
        long ms = d.toMillis();
        if (ms < 1000) {
            return ms + " ms";
        }
        if (ms < 60_000) {
            return String.format(java.util.Locale.ROOT, "%.1f s", ms / 1000.0);
        }
        return String.format(java.util.Locale.ROOT, "%d min %02d s", ms / 60_000, (ms / 1000) % 60);
    }

    /** A step of 1, 2 or 5 times a power of ten giving at most {@code maxTicks} ticks over {@code span}. */
    static double niceStep(double span, int maxTicks) {
        if (!(span > 0)) {
            return 1;
        }
        double raw = span / maxTicks;
        double power = Math.pow(10, Math.floor(Math.log10(raw)));
        for (double m : new double[] {1, 2, 5, 10}) {
            if (m * power >= raw) {
                return m * power;
            }
        }
        return 10 * power;
    }

    /** A tick label: no trailing zeros, no float noise (0.30000000000000004). */
    static String tick(double v) {
        if (Math.abs(v) < 1e-12) {
            return "0";
        }
        return new java.math.BigDecimal(v).round(new java.math.MathContext(6)).stripTrailingZeros().toPlainString();
    }

    /** Coordinates to one decimal: short SVG, no visible error. */
    static String px(double v) {
        return tick(Math.round(v * 10) / 10.0);
    }
}
