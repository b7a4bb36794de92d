package dev.cairn.flow;

import dev.cairn.flow.internal.FlowFields;
import java.lang.reflect.Field;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Stream;

/**
 * What a join step receives: one flow instance per task it joins, holding that task's artifacts.
 *
 * <pre>{@code
 * @Step(next = "end")
 * public void best(Inputs<CountryModels> inputs) {
 *     inputs.mergeArtifacts(this, "score");
 *     CountryModels top = inputs.stream().max(comparingDouble(i -> i.score)).orElseThrow();
 *     bestScore = top.score;
 * }
 * }</pre>
 */
public final class Inputs<F extends FlowSpec> implements Iterable<F> {
    private final List<F> inputs;
    private final List<String> steps;

    /**
     * @param inputs the joined tasks' flow instances, in foreach order (or branch order)
     * @param steps  the step each input comes from, same order
     */
    public Inputs(List<F> inputs, List<String> steps) {
        if (inputs.size() != steps.size()) {
            throw new IllegalArgumentException("one step name per input is needed");
        }
        this.inputs = List.copyOf(inputs);
        this.steps = List.copyOf(steps);
    }

    public int size() {
        return inputs.size();
    }

    public F get(int i) {
        return inputs.get(i);
    }

    public Stream<F> stream() {
        return inputs.stream();
    }

    @Override
    public Iterator<F> iterator() {
        return inputs.iterator();
    }

    /** The input that comes from branch step {@code step}. */
    public F from(String step) {
        int i = steps.indexOf(step);
        if (i < 0) {
            throw new IllegalArgumentException(
                    "no input from step `" + step + "`; inputs come from " + Set.copyOf(steps));
        }
        return inputs.get(i);
    }

    /**
     * Copies into {@code target} every artifact whose value is the same in all inputs. An artifact
     * whose values differ must be listed in {@code exclude} (and set by the join itself). Call it
     * before the join sets its own artifacts: it overwrites them.
     *
     * @throws IllegalStateException naming the first artifact whose values differ
     */
    public void mergeArtifacts(F target, String... exclude) {
        if (inputs.isEmpty()) {
            return; // a foreach over an empty list: nothing to merge
        }
        Set<String> skip = Set.of(exclude);
        for (Field field : FlowFields.artifacts(target.getClass())) {
            if (skip.contains(field.getName())) {
                continue;
            }
            Object first = read(field, inputs.get(0));
            for (F input : inputs) {
                if (!Objects.deepEquals(first, read(field, input))) {
                    throw new IllegalStateException("artifact `" + field.getName()
                            + "` differs between the joined inputs: set it in the join step and pass it to mergeArtifacts(this, \""
                            + field.getName() + "\")");
                }
            }
            write(field, target, first);
        }
    }

    private static Object read(Field field, Object owner) {
        try {
            return field.get(owner);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void write(Field field, Object owner, Object value) {
        try {
            field.set(owner, value);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }
}
