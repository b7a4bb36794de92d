package dev.cairn.flow.internal.graph;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks the shape of a flow graph: start and end, targets that exist, no cycle, every step
 * reachable, every branch and foreach closed by exactly one join before end.
 */
final class GraphValidator {

    /** A step as declared, before its place in the graph is known. */
    record RawStep(String name, Transition transition, boolean join, StepSettings settings) {}

    /** An open split as seen from inside one of its arms. */
    private record Frame(String step, boolean foreach, String arm) {}

    private final Map<String, RawStep> steps;
    private final List<String> problems;
    private final Map<String, List<String>> parents = new LinkedHashMap<>();

    GraphValidator(Map<String, RawStep> steps, List<String> problems) {
        this.steps = steps;
        this.problems = problems;
        steps.keySet().forEach(s -> parents.put(s, new ArrayList<>()));
    }

    /** The steps in topological order, or an empty list with problems added. */
    List<StepNode> validate() {
        int before = problems.size();
        checkEnds();
        checkTargets();
        if (problems.size() > before) {
            return List.of();
        }
        checkReachable();
        if (findCycle() || problems.size() > before) {
            return List.of();
        }
        List<String> order = topologicalOrder();
        sortParents(order);
        List<StepNode> nodes = placeSplits(order);
        return problems.size() > before ? List.of() : nodes;
    }

    /** Puts every step's parents in graph order; they were collected in method declaration order. */
    private void sortParents(List<String> order) {
        Map<String, Integer> position = new HashMap<>();
        for (int i = 0; i < order.size(); i++) {
            position.put(order.get(i), i);
        }
        parents.values().forEach(ps -> ps.sort(java.util.Comparator.comparing(position::get)));
    }

    private void checkEnds() {
        if (!steps.containsKey(FlowGraph.START)) {
            problems.add(
                    "there is no `start` step: add `@Step(next = ...) public void start()`, where every run begins");
        } else if (steps.get(FlowGraph.START).join()) {
            problems.add("step `start` takes Inputs: start has nothing to join, drop the parameter");
        }
        if (!steps.containsKey(FlowGraph.END)) {
            problems.add("there is no `end` step: add `@Step public void end()`, where every run finishes");
        } else if (!(steps.get(FlowGraph.END).transition() instanceof Transition.End)) {
            problems.add("step `end` has a next step: end is the last step, remove its next/foreach");
        }
        for (RawStep step : steps.values()) {
            if (step.transition() instanceof Transition.End && !step.name().equals(FlowGraph.END)) {
                problems.add("step `" + step.name()
                        + "` has no next step: add @Step(next = \"...\"), only `end` finishes a flow");
            }
        }
    }

    private void checkTargets() {
        for (RawStep step : steps.values()) {
            List<String> targets = step.transition().targets();
            if (new HashSet<>(targets).size() < targets.size()) {
                problems.add("step `" + step.name() + "` names the same next step twice in " + targets
                        + ": each branch goes to a different step");
            }
            for (String target : new LinkedHashSet<>(targets)) {
                if (!steps.containsKey(target)) {
                    problems.add("step `" + step.name() + "` goes to `" + target
                            + "`, which is not a step: add a @Step method `" + target + "` or fix the name (steps: "
                            + steps.keySet() + ")");
                } else if (target.equals(FlowGraph.START)) {
                    problems.add("step `" + step.name()
                            + "` goes back to `start`: start only begins a run, loops are not allowed");
                } else {
                    parents.get(target).add(step.name());
                }
            }
        }
    }

    private void checkReachable() {
        Set<String> reached = new HashSet<>();
        Deque<String> todo = new ArrayDeque<>(List.of(FlowGraph.START));
        while (!todo.isEmpty()) {
            String step = todo.pop();
            if (reached.add(step)) {
                todo.addAll(steps.get(step).transition().targets());
            }
        }
        for (String step : steps.keySet()) {
            if (!reached.contains(step)) {
                problems.add("step `" + step
                        + "` is unreachable from start: add it as a next step of another step, or remove it");
            }
        }
    }

    private boolean findCycle() {
        Map<String, Integer> state = new HashMap<>(); // 1 = on the current path, 2 = done
        for (String step : steps.keySet()) {
            List<String> cycle = cycleFrom(step, state, new ArrayList<>());
            if (cycle != null) {
                problems.add("steps form a cycle " + String.join(" -> ", cycle)
                        + ": a flow is a DAG; repeat work with a foreach instead of a loop");
                return true;
            }
        }
        return false;
    }

    private List<String> cycleFrom(String step, Map<String, Integer> state, List<String> path) {
        Integer s = state.get(step);
        if (s != null && s == 2) {
            return null;
        }
        if (s != null) {
            List<String> cycle = new ArrayList<>(path.subList(path.indexOf(step), path.size()));
            cycle.add(step);
            return cycle;
        }
        state.put(step, 1);
        path.add(step);
        for (String next : steps.get(step).transition().targets()) {
            List<String> cycle = cycleFrom(next, state, path);
            if (cycle != null) {
                return cycle;
            }
        }
        path.remove(path.size() - 1);
        state.put(step, 2);
        return null;
    }

    private List<String> topologicalOrder() {
        Map<String, Integer> waiting = new HashMap<>();
        parents.forEach((step, ps) -> waiting.put(step, ps.size()));
        List<String> order = new ArrayList<>();
        Deque<String> ready = new ArrayDeque<>(List.of(FlowGraph.START));
        while (!ready.isEmpty()) {
            String step = ready.poll();
            order.add(step);
            for (String next : steps.get(step).transition().targets()) {
                if (waiting.merge(next, -1, Integer::sum) == 0) {
                    ready.add(next);
                }
            }
        }
        return order;
    }

    /** Walks the graph in order, tracking which splits are open, and checks every join closes one. */
    private List<StepNode> placeSplits(List<String> order) {
        Map<String, List<Frame>> open = new HashMap<>();
        List<StepNode> nodes = new ArrayList<>();
        for (String name : order) {
            RawStep step = steps.get(name);
            List<String> from = parents.get(name);
            List<Frame> frames;
            String closes = null;
            if (name.equals(FlowGraph.START)) {
                frames = List.of();
            } else if (step.join()) {
                List<List<Frame>> incoming =
                        from.stream().map(p -> after(p, name, open.get(p))).toList();
                Frame closed = checkJoin(name, from, incoming);
                if (closed == null) {
                    return List.of();
                }
                closes = closed.step();
                List<Frame> outer = incoming.get(0);
                frames = outer.subList(0, outer.size() - 1);
            } else {
                if (from.size() > 1) {
                    problems.add("step `" + name + "` has several incoming steps " + from
                            + " but is not a join: give it a parameter `Inputs<...> inputs` to join them");
                    return List.of();
                }
                frames = after(from.get(0), name, open.get(from.get(0)));
            }
            open.put(name, frames);
            if (name.equals(FlowGraph.END) && !frames.isEmpty()) {
                Frame last = frames.get(frames.size() - 1);
                problems.add("step `end` is reached inside the " + kind(last) + " opened at `" + last.step()
                        + "`: add a join step (one taking Inputs) before end to close it");
                return List.of();
            }
            List<StepNode.Split> splits = frames.stream()
                    .map(f -> new StepNode.Split(f.step(), f.foreach()))
                    .toList();
            nodes.add(new StepNode(name, step.transition(), step.join(), from, splits, closes, step.settings()));
        }
        return nodes;
    }

    /** The splits open on the way from {@code parent} to {@code child}. */
    private List<Frame> after(String parent, String child, List<Frame> atParent) {
        Transition t = steps.get(parent).transition();
        if (t instanceof Transition.Branch || t instanceof Transition.Foreach) {
            List<Frame> frames = new ArrayList<>(atParent);
            frames.add(new Frame(parent, t instanceof Transition.Foreach, child));
            return List.copyOf(frames);
        }
        return atParent;
    }

    private Frame checkJoin(String name, List<String> from, List<List<Frame>> incoming) {
        String join = "step `" + name + "`";
        if (incoming.stream().anyMatch(List::isEmpty)) {
            problems.add(
                    join
                            + " joins nothing: add a foreach or branch before it, or make it a plain step (drop its Inputs parameter)");
            return null;
        }
        Frame top = last(incoming.get(0));
        for (List<Frame> frames : incoming) {
            Frame other = last(frames);
            if (!other.step().equals(top.step())
                    || !frames.subList(0, frames.size() - 1)
                            .equals(incoming.get(0).subList(0, incoming.get(0).size() - 1))) {
                problems.add(join + " joins steps " + from + " that come from different splits (`" + top.step()
                        + "` and `" + other.step() + "`): join each branch or foreach separately, innermost first");
                return null;
            }
        }
        if (top.foreach() && from.size() > 1) {
            problems.add(join + " closes the foreach at `" + top.step() + "` but has several incoming steps " + from
                    + ": a foreach join follows exactly one step");
            return null;
        }
        if (top.foreach() && from.get(0).equals(top.step())) {
            // the join's inputs are the tasks of the step run per item; with no such step there are none to read
            Transition.Foreach foreach =
                    (Transition.Foreach) steps.get(top.step()).transition();
            problems.add("step `" + top.step() + "` fans out over `" + foreach.artifact() + "` straight to its join `"
                    + name + "`: a foreach runs a step per item before the join; add that step"
                    + " (@Step(foreach = \"" + foreach.artifact() + "\", next = \"<per-item step>\"), whose next is `"
                    + name + "`), or read the list in `" + name + "` without foreach");
            return null;
        }
        if (!top.foreach()) {
            Set<String> arms =
                    new LinkedHashSet<>(steps.get(top.step()).transition().targets());
            incoming.forEach(frames -> arms.remove(last(frames).arm()));
            if (!arms.isEmpty()) {
                problems.add(join + " does not close the branch at `" + top.step() + "`: the arms starting at " + arms
                        + " never reach it; every arm of a branch must lead to the same join");
                return null;
            }
        }
        return top;
    }

    private static Frame last(List<Frame> frames) {
        return frames.get(frames.size() - 1);
    }

    private static String kind(Frame frame) {
        return frame.foreach() ? "foreach" : "branch";
    }
}
