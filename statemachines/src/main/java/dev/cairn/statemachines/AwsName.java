package dev.cairn.statemachines;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/**
 * The one naming function for AWS names derived from project, flow, branch and deployment names: a constant per
 * service, with that service's length limit and character set. A name is a fixed head (which kind of thing it names)
 * and the user's names, joined by '-':
 *
 * <pre>{@code
 * AwsName.STACK.of("Cairn", "demo", "CountryModels", "prod");       // Cairn-demo-CountryModels-prod
 * AwsName.STACK.of("Cairn", "demo", "CountryModels", "user.alice"); // Cairn-demo-CountryModels-user-alice--<hash>
 * }</pre>
 *
 * <p>It is injective, so two branches (or flows, projects, deployments) never share a stack, a state machine or a log
 * group. A name is kept as it is only when every user name is letters and digits (lower-case letters for a service
 * whose names ignore case) and the whole fits the limit. Otherwise each other character becomes '-' (a '-' inside a
 * name too: it could not be told from the separator), the result is cut to leave room, and {@code "--"} and
 * {@value #HASH_LENGTH} hex digits of the SHA-256 of the unmapped full name ({@code head/name/name...}) end it. A kept
 * name never holds {@code "--"} and a mapped one always does, so they never meet; two mapped names are equal only when
 * their hashes are (one chance in 2^32 for a pair). {@code user.alice}, {@code user-alice} and {@code user_alice} get
 * three names; 200-character names fit every limit; names that differ only after the cut still differ.
 *
 * <p>It lives here, not in the CDK module, because the compiler's deployment settings, the CDK app and {@code cairn
 * trigger} all name a flow's state machine, and this is the lowest module the three share.
 */
public enum AwsName {
    /** CloudFormation stack: letters, digits and '-', starting with a letter; case-sensitive. */
    STACK("CloudFormation stack", 128, false),
    /** Step Functions state machine: letters, digits, '-' and '_' (what CloudWatch Logs accepts from it). */
    STATE_MACHINE("Step Functions state machine", 80, false),
    /** CloudWatch Logs log group: letters, digits, '.', '-', '_', '/' and '#'; the head may hold the path. */
    LOG_GROUP("CloudWatch Logs log group", 512, false),
    /** CloudWatch alarm: at most 255 characters. */
    ALARM("CloudWatch alarm", 255, false),
    /** EventBridge rule: letters, digits, '.', '-' and '_'. */
    EVENT_RULE("EventBridge rule", 64, false),
    /** EventBridge Scheduler schedule: letters, digits, '.', '-' and '_'. */
    SCHEDULE("EventBridge Scheduler schedule", 64, false),
    /** AWS Batch job definition: letters, digits, '-' and '_'. */
    JOB_DEFINITION("Batch job definition", 128, false),
    /** AWS Batch job queue: letters, digits, '-' and '_'. */
    JOB_QUEUE("Batch job queue", 128, false),
    /** Lambda function: letters, digits, '-' and '_'. */
    FUNCTION("Lambda function", 64, false),
    /** Kinesis Data Firehose delivery stream: letters, digits, '.', '-' and '_'. */
    DELIVERY_STREAM("Firehose delivery stream", 64, false),
    /** IAM role: unique whatever the case, so names are lower case. */
    IAM_ROLE("IAM role", 64, true),
    /**
     * SageMaker endpoint, endpoint config or model: letters, digits and inner '-', unique whatever the case (the ARNs
     * are lower case), so names are lower case.
     */
    SAGEMAKER("SageMaker endpoint", 63, true);

    /** Hex digits of the hash that ends a mapped or shortened name: 32 bits. */
    public static final int HASH_LENGTH = 8;
    /** What separates a mapped name from its hash; a kept name never holds it. */
    static final String HASH_SEPARATOR = "--";

    private final String service;
    private final int maxLength;
    private final boolean ignoresCase;

    AwsName(String service, int maxLength, boolean ignoresCase) {
        this.service = service;
        this.maxLength = maxLength;
        this.ignoresCase = ignoresCase;
    }

    /** The service's limit on the name's length. */
    public int maxLength() {
        return maxLength;
    }

    /**
     * {@code head-name-name...} as this service accepts it, unique for each head and list of names.
     *
     * @param head  what kind of thing is named ({@code Cairn} for a flow stack, {@code CairnServing} for a serving
     *              stack): letters and digits after an optional path, no '-', one head per kind
     * @param names the project, flow, branch or deployment names: not empty, no '/'
     */
    public String of(String head, String... names) {
        requireHead(head);
        if (names.length == 0) {
            throw new IllegalArgumentException(service + " name " + head + " has no names after its head");
        }
        StringBuilder full = new StringBuilder(head);
        StringBuilder kept = new StringBuilder(head);
        boolean mapped = false;
        for (String name : names) {
            if (name == null || name.isEmpty() || name.contains("/")) {
                throw new IllegalArgumentException(
                        service + " name " + head + ": a name in it is empty or holds a '/': " + name);
            }
            full.append('/').append(name);
            kept.append('-');
            for (int i = 0; i < name.length(); i++) {
                char c = name.charAt(i);
                if (plain(c)) {
                    kept.append(c);
                } else {
                    mapped = true;
                    char lower = Character.toLowerCase(c);
                    kept.append(ignoresCase && plain(lower) ? lower : '-');
                }
            }
        }
        if (!mapped && kept.length() <= maxLength) {
            return kept.toString();
        }
        int room = maxLength - HASH_SEPARATOR.length() - HASH_LENGTH;
        kept.setLength(Math.min(kept.length(), room));
        return kept + HASH_SEPARATOR + hash(full.toString());
    }

    private boolean plain(char c) {
        return c >= 'a' && c <= 'z' || !ignoresCase && c >= 'A' && c <= 'Z' || c >= '0' && c <= '9';
    }

    private void requireHead(String head) {
        String letters = head == null ? "" : head.substring(head.lastIndexOf('/') + 1);
        boolean ok = !letters.isEmpty()
                && Character.isLetter(letters.charAt(0))
                && letters.chars().allMatch(c -> c < 128 && plain((char) c))
                && head.length() + 2 + HASH_LENGTH <= maxLength;
        if (!ok) {
            throw new IllegalArgumentException(service + " name head '" + head + "' must be "
                    + (ignoresCase ? "lower-case " : "") + "letters and digits starting with a letter, after an "
                    + "optional path: it names the kind of thing, and the names after it are joined with '-'");
        }
    }

    private static String hash(String full) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(full.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest).substring(0, HASH_LENGTH).toLowerCase(Locale.ROOT);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }
}
