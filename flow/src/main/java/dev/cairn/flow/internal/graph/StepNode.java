package dev.cairn.flow.internal.graph;

import java.util.List;

/**
 * One step of a validated graph.
 *
 * @param parents     steps with a transition to this one, in graph order
 * @param join        whether the step joins the tasks of a branch or foreach (takes {@code Inputs})
 * @param splits      the branches and foreaches open at this step, outermost first; a join's list
 *                    no longer holds the split it closes
 * @param closes      for a join, the step whose branch or foreach it closes; otherwise null
 */
public record StepNode(
        String name,
        Transition transition,
        boolean join,
        List<String> parents,
        List<Split> splits,
        String closes,
        StepSettings settings) {

    public StepNode {
        parents = List.copyOf(parents);
        splits = List.copyOf(splits);
    }

    /** Number of foreaches this step's tasks are nested in: its task ids have this many indices. */
    public int foreachDepth() {
        return (int) splits.stream().filter(Split::foreach).count();
    }

    /** An open branch or foreach: the step that opened it, and whether it fans out over items. */
    public record Split(String step, boolean foreach) {}
}
