package dev.cairn.flow.internal.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.cairn.flow.FlowSpec;
import java.util.Arrays;
import java.util.List;

/** {@link InvalidFlowTest}'s checks, for the tests of newer rules kept in files of their own. */
final class InvalidFlows {
    private InvalidFlows() {}

    /**
     * Asserts that reading {@code flow} fails with a message naming the flow, and that it has exactly one problem,
     * which names {@code subject} (in backticks) and holds every key word of the fix.
     */
    static String assertOnlyProblem(Class<? extends FlowSpec> flow, String subject, String... keywords) {
        InvalidFlowException e = assertThrows(InvalidFlowException.class, () -> FlowGraph.of(flow));
        String name = flow.getSimpleName();
        assertEquals(name, e.flow());
        assertTrue(e.getMessage().startsWith("flow " + name + " cannot run"), e.getMessage());
        assertEquals(1, e.problems().size(), e.getMessage());
        String problem = e.problems().get(0);
        List<String> missing =
                Arrays.stream(keywords).filter(k -> !problem.contains(k)).toList();
        if (!problem.contains("`" + subject + "`") || !missing.isEmpty()) {
            fail("the problem does not name `" + subject + "` with " + missing + ":\n" + problem);
        }
        return problem;
    }
}
