package dev.cairn.cards;

/** Axis numbers and coordinates as the card writes them (times and durations: {@link HumanTime}). */
final class CardText {
    private CardText() {}

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
        return new java.math.BigDecimal(v)
                .round(new java.math.MathContext(6))
                .stripTrailingZeros()
                .toPlainString();
    }

    /** Coordinates to one decimal: short SVG, no visible error. */
    static String px(double v) {
        return tick(Math.round(v * 10) / 10.0);
    }
}
