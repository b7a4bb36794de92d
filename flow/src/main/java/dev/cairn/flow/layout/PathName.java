package dev.cairn.flow.layout;

/**
 * The kinds of names that become a folder or a key segment of the datastore: each is checked here, by one rule,
 * before it reaches a path. A name is 1 to {@value #MAX_LENGTH} letters, digits, '.', '-' or '_', starting with a
 * letter or digit (so never {@code ..}, never a '/', never empty, never one of the layout's reserved folders such as
 * {@link DatastoreLayout#SHARED}, which start with '_'); a task id is digits joined by single '-'.
 *
 * <pre>{@code
 * String run = PathName.RUN.require(argument); // IllegalArgumentException naming the run id and the rule
 * }</pre>
 */
public enum PathName {
    PROJECT("project"),
    BRANCH("branch"),
    FLOW("flow"),
    RUN("run id"),
    STEP("step"),
    TASK("task id"),
    /** A serving deployment: its folder holds the deployment's exposures and data capture. */
    DEPLOYMENT("deployment"),
    /** Any other name that becomes a folder, such as a served endpoint or variant that a model is extracted into. */
    FOLDER("folder name");

    /**
     * Six names of this length and the layout's fixed parts stay under S3's 1,024-byte key limit, and each is far
     * below the 255-byte file name limit of local file systems.
     */
    public static final int MAX_LENGTH = 128;

    private final String kind;

    PathName(String kind) {
        this.kind = kind;
    }

    /** {@code value}, when it is a valid name of this kind. @throws IllegalArgumentException naming value and rule */
    public String require(String value) {
        String problem = problem(value);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
        return value;
    }

    public boolean accepts(String value) {
        return problem(value) == null;
    }

    /** What is wrong with {@code value} as a name of this kind, or null. A loop, not a regex: no input is too long. */
    public String problem(String value) {
        if (value == null || value.isEmpty()) {
            return kind + " is empty: " + rule();
        }
        if (value.length() > MAX_LENGTH) {
            return kind + " '" + value.substring(0, 40) + "…' is " + value.length() + " characters long: " + rule();
        }
        boolean task = this == TASK;
        char previous = '-';
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            boolean ok = task
                    ? c >= '0' && c <= '9' || c == '-' && previous != '-'
                    : c >= 'a' && c <= 'z'
                            || c >= 'A' && c <= 'Z'
                            || c >= '0' && c <= '9'
                            || i > 0 && (c == '.' || c == '-' || c == '_');
            if (!ok) {
                return kind + " '" + value + "' cannot name a datastore folder: " + rule();
            }
            previous = c;
        }
        if (task && previous == '-') {
            return kind + " '" + value + "' cannot name a datastore folder: " + rule();
        }
        return null;
    }

    private String rule() {
        return this == TASK
                ? "a task id is 0, or digits joined by '-' such as 0-3-7, at most " + MAX_LENGTH + " characters"
                : "use 1 to " + MAX_LENGTH + " letters, digits, '.', '-' or '_', starting with a letter or digit";
    }
}
