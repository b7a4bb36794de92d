package dev.cairn.functions.aws;

/**
 * Text that UTF-8 can encode. A Java string may hold a lone surrogate (JSON's {@code "\ud800"} escape makes one), which
 * no UTF-8 encoder accepts: a writer asked to encode one fails, and a {@code BufferedWriter} keeps failing on every
 * later flush. Text that reaches a file or a stream is checked or made well-formed here first.
 */
public final class WellFormedText {
    /** What a lone surrogate becomes: U+FFFD, Unicode's own mark for a character that could not be kept. */
    public static final char REPLACEMENT = '\uFFFD';

    private WellFormedText() {}

    /** The index of the first lone surrogate in {@code text}, -1 when there is none. */
    public static int firstLoneSurrogate(CharSequence text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return i;
            }
        }
        return -1;
    }

    /** {@code text} with every lone surrogate replaced by {@link #REPLACEMENT}; null stays null. */
    public static String of(String text) {
        if (text == null || firstLoneSurrogate(text) < 0) {
            return text;
        }
        StringBuilder out = new StringBuilder(text);
        for (int i = firstLoneSurrogate(out); i >= 0; i = firstLoneSurrogate(out)) {
            out.setCharAt(i, REPLACEMENT);
        }
        return out.toString();
    }
}
