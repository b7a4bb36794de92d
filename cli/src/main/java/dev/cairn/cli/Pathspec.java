package dev.cairn.cli;

import dev.cairn.client.CairnClient;
import dev.cairn.client.FlowRuns;
import java.util.Arrays;
import java.util.List;

/**
 * A {@code FLOW/RUN/STEP/TASK} argument, cut as far as it goes. FLOW may be
 * {@code PROJECT/Flow} where a flow's name is in several projects.
 *
 * @param run  null when not given (only where it may be left out)
 * @param step null when not given
 * @param task null when not given
 */
record Pathspec(String flow, String run, String step, String task) {

    /**
     * @param minParts how many parts after FLOW are required (0 to 3; with 0, run is null when not given)
     * @param maxParts how many parts after FLOW are allowed (1 to 3)
     * @param usage    the accepted form, for the message: {@code FLOW/RUN/STEP/TASK}
     */
    static Pathspec parse(CairnClient client, String text, int minParts, int maxParts, String usage) {
        List<String> parts = Arrays.asList(text.split("/", -1));
        if (parts.stream().anyMatch(String::isEmpty)) {
            throw new UserError("'" + text + "' is not a path: give " + usage);
        }
        String flow = parts.get(0);
        if (parts.size() >= 2 && projectQualified(client, parts.get(0), parts.get(1))) {
            flow = parts.get(0) + "/" + parts.get(1);
            parts = parts.subList(1, parts.size());
        }
        List<String> rest = parts.subList(1, parts.size());
        if (rest.size() < minParts || rest.size() > maxParts) {
            throw new UserError("'" + text + "' is not " + usage + " (RUN may be `" + FlowRuns.LATEST + "` or `"
                    + FlowRuns.LATEST_SUCCESSFUL + "`; a flow's runs: " + CairnCli.command() + " runs " + flow + ")");
        }
        return new Pathspec(
                flow,
                rest.isEmpty() ? null : rest.get(0),
                rest.size() > 1 ? rest.get(1) : null,
                rest.size() > 2 ? rest.get(2) : null);
    }

    /** Whether {@code first/second} names a project's flow rather than a flow's run. */
    private static boolean projectQualified(CairnClient client, String first, String second) {
        List<FlowRuns> flows = client.flows();
        return flows.stream().noneMatch(f -> f.name().equals(first))
                && flows.stream()
                        .anyMatch(f -> f.project().equals(first) && f.name().equals(second));
    }
}
