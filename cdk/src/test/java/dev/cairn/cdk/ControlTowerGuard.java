package dev.cairn.cdk;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.formats.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * cfn-guard with AWS Control Tower's proactive controls, both from the npm package {@code @cdklabs/cdk-validator-cfnguard}
 * that the build installs into {@code src/test/node} (cdk/pom.xml, {@code npm ci}): the CDK plugin of that package
 * runs only in the CDK's TypeScript toolkit, so the tests run its cfn-guard binary and rules themselves.
 */
final class ControlTowerGuard {
    static final Path PACKAGE = Path.of("src", "test", "node", "node_modules", "@cdklabs", "cdk-validator-cfnguard");
    static final Path RULES = PACKAGE.resolve(Path.of("rules", "control-tower", "cfn-guard"));
    /** cfn-guard's exit code when every rule passes, and when some rule fails: anything else is an error of its own. */
    private static final Set<Integer> VALIDATED = Set.of(0, 19);
    /** A run over a few dozen templates takes seconds; a hung binary must not hang the build. */
    private static final long TIMEOUT_MINUTES = 5;

    private static final Pattern CONTROL = Pattern.compile("\\[(CT\\.[A-Z0-9]+\\.PR\\.\\d+)]");
    private static final Pattern RESOURCE = Pattern.compile("^/Resources/([^/\\[]+)");

    /** A control that fails for a resource of a template (the template by the name it was given). */
    record Finding(String template, String control, String rule, String resource) {
        @Override
        public String toString() {
            return template + ": " + control + " (" + rule + ") " + resource;
        }
    }

    private ControlTowerGuard() {}

    /** Every control that fails for a resource of the templates, keyed by the names the caller gives them. */
    static List<Finding> validate(Map<String, Path> templates) throws IOException, InterruptedException {
        Path guard = binary();
        List<String> command = new ArrayList<>(List.of(guard.toString(), "validate", "--rules", RULES.toString()));
        Map<String, String> names = new LinkedHashMap<>();
        templates.forEach((name, file) -> {
            command.add("--data");
            command.add(file.toAbsolutePath().toString());
            names.put(file.toAbsolutePath().toString(), name);
        });
        command.addAll(List.of("--output-format", "json", "--show-summary", "none", "--structured"));
        Path out = Files.createTempFile(Path.of("target"), "cfn-guard", ".json");
        Path err = Files.createTempFile(Path.of("target"), "cfn-guard", ".err");
        try {
            Process process = new ProcessBuilder(command)
                    .redirectOutput(out.toFile())
                    .redirectError(err.toFile())
                    .start();
            if (!process.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new IllegalStateException("cfn-guard did not finish in " + TIMEOUT_MINUTES + " minutes");
            }
            if (!VALIDATED.contains(process.exitValue())) {
                throw new IllegalStateException("cfn-guard failed (exit " + process.exitValue() + "): "
                        + Files.readString(err, StandardCharsets.UTF_8));
            }
            List<Finding> findings = new ArrayList<>();
            for (JsonNode file : Json.PLAIN.readTree(out.toFile())) {
                String template = names.getOrDefault(
                        file.path("name").asText(), file.path("name").asText());
                for (JsonNode failed : file.path("not_compliant")) {
                    findings.addAll(findings(template, failed.path("Rule")));
                }
            }
            return findings;
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    /**
     * The resources a failed rule names. Guard's JSON has no fixed shape (it mirrors how each rule is written), but
     * every check of a resource carries a path {@code /Resources/<logical id>/...} and the control's message its id.
     */
    private static List<Finding> findings(String template, JsonNode rule) {
        Set<String> controls = new TreeSet<>();
        Set<String> resources = new TreeSet<>();
        collect(rule, controls, resources);
        if (controls.size() != 1 || resources.isEmpty()) {
            throw new IllegalStateException("cannot read which control failed for which resource in cfn-guard's result "
                    + "for " + template + ": controls " + controls + ", resources " + resources + " of rule "
                    + rule.path("name").asText());
        }
        String control = controls.iterator().next();
        return resources.stream()
                .map(r -> new Finding(template, control, rule.path("name").asText(), r))
                .toList();
    }

    private static void collect(JsonNode node, Set<String> controls, Set<String> resources) {
        if (node.isObject()) {
            node.properties().forEach(field -> {
                JsonNode value = field.getValue();
                if (field.getKey().equals("path") && value.isTextual()) {
                    Matcher m = RESOURCE.matcher(value.asText());
                    if (m.find()) {
                        resources.add(m.group(1));
                    }
                } else if (field.getKey().equals("custom_message") && value.isTextual()) {
                    Matcher m = CONTROL.matcher(value.asText());
                    if (m.find()) {
                        controls.add(m.group(1));
                    }
                } else {
                    collect(value, controls, resources);
                }
            });
        } else if (node.isArray()) {
            node.forEach(item -> collect(item, controls, resources));
        }
    }

    /** The package's binary for this machine (it ships Linux and macOS builds for x86_64 and aarch64). */
    static Path binary() {
        String os = System.getProperty("os.name").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch").toLowerCase(Locale.ROOT);
        String platform = os.contains("mac") ? "macos" : "ubuntu";
        String architecture = arch.equals("aarch64") || arch.equals("arm64") ? "aarch64" : "x86_64";
        Path binary = PACKAGE.resolve(Path.of("bin", platform, architecture, "cfn-guard"));
        if (!Files.isExecutable(binary) || !Files.isDirectory(RULES)) {
            throw new IllegalStateException("no cfn-guard at cdk/" + binary + " or no rules at cdk/" + RULES
                    + ": the build installs them (npm ci in cdk/src/test/node, phase process-test-resources); run "
                    + "`npm ci --prefix cdk/src/test/node` when running the tests outside Maven");
        }
        return binary;
    }
}
