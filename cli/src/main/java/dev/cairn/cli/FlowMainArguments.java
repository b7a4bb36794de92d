package dev.cairn.cli;

import dev.cairn.flow.FlowSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The cairn command line that a flow's own {@code main} stands for: the flow is named once, by its class, as
 * {@code python flow.py run} names it for Metaflow.
 *
 * <pre>
 * HelloFlow run --x 3        cairn run flows.HelloFlow --x 3
 * HelloFlow runs             cairn runs HelloFlow
 * HelloFlow show latest/end  cairn show HelloFlow/latest/end   (show and card alone: the latest run)
 * HelloFlow resume RUN       cairn resume HelloFlow/RUN
 * </pre>
 *
 * The target comes right after the command; options follow it.
 */
final class FlowMainArguments {
    /** Commands whose first argument is the flow's class. */
    private static final Set<String> FLOW_CLASS_FIRST = Set.of("run", "compile", "trigger");
    /** Commands whose first argument is FLOW/RUN[/STEP[/TASK]]. */
    private static final Set<String> PATH_FIRST = Set.of("show", "card", "logs", "resume", "export-model");
    /** Path commands that mean the latest run when given none. */
    private static final Set<String> LATEST_BY_DEFAULT = Set.of("show", "card");

    private FlowMainArguments() {}

    /** The cairn arguments for {@code args} given to {@code flow}'s main; empty when there is no command. */
    static Optional<List<String>> of(Class<? extends FlowSpec> flow, List<String> args) {
        if (args.isEmpty() || args.get(0).startsWith("-")) {
            return Optional.empty();
        }
        String command = args.get(0);
        List<String> rest = args.subList(1, args.size());
        boolean targetGiven = !rest.isEmpty() && !rest.get(0).startsWith("-");
        String name = flow.getSimpleName();
        List<String> cairn = new ArrayList<>(List.of(command));
        if (FLOW_CLASS_FIRST.contains(command)) {
            cairn.add(flow.getName());
            cairn.addAll(rest);
        } else if (command.equals("runs")) {
            cairn.add(name);
            cairn.addAll(rest);
        } else if (PATH_FIRST.contains(command) && targetGiven) {
            String target = rest.get(0);
            cairn.add(target.startsWith(name + "/") ? target : name + "/" + target);
            cairn.addAll(rest.subList(1, rest.size()));
        } else if (LATEST_BY_DEFAULT.contains(command)) {
            cairn.add(name + "/latest");
            cairn.addAll(rest);
        } else {
            cairn.addAll(rest);
        }
        return Optional.of(cairn);
    }

    /** What to type, for a main called with no command. */
    static String usage(Class<? extends FlowSpec> flow) {
        String java = "java -cp ... " + flow.getName();
        return String.join(
                System.lineSeparator(),
                "Usage: " + java + " COMMAND [TARGET] [OPTIONS]",
                "  " + java + " run [--PARAMETER VALUE ...]   run the flow locally (run --help lists its parameters)",
                "  " + java + " runs                          its runs, newest first",
                "  " + java + " show [RUN[/STEP[/TASK]]]      a run (default: latest), a step or a task",
                "  " + java + " card [RUN]                    the run's card (default: latest)",
                "  " + java + " resume RUN [--from STEP]      run a failed run again, reusing what succeeded",
                "  " + java + " logs RUN/STEP/TASK            what a task printed",
                "Every cairn command works the same way; " + java + " COMMAND --help describes one.");
    }
}
