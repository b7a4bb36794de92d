package dev.cairn.flow.internal;

import java.util.Map;

/**
 * How the user runs cairn, for the commands that hints and error messages suggest: {@code ./cairn show ...} when
 * they typed {@code ./cairn}. The launcher exports what was typed as {@value #ENV}; without it, {@code cairn}.
 *
 * <pre>{@code
 * "list runs with: " + CairnCommand.hint("runs " + flow)    // list runs with: ./cairn runs CountryModels
 * }</pre>
 */
public final class CairnCommand {
    /** The environment variable the launcher sets to how it was invoked ({@code $0}). */
    public static final String ENV = "CAIRN_COMMAND";

    private CairnCommand() {}

    /** The launcher as the user typed it: {@code ./cairn}, {@code cairn}, ... */
    public static String name() {
        return name(System.getenv());
    }

    /** The launcher named in {@code env}, else {@code cairn}. */
    public static String name(Map<String, String> env) {
        String launcher = env.get(ENV);
        return launcher == null || launcher.isBlank() ? "cairn" : launcher.strip();
    }

    /** A command to suggest: {@code hint("runs CountryModels")} is {@code ./cairn runs CountryModels}. */
    public static String hint(String arguments) {
        return name() + " " + arguments;
    }
}
