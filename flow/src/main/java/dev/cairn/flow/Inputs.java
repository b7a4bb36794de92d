package dev.cairn.flow;

import dev.cairn.flow.internal.FlowFields;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Stream;

/**
 * What a join step receives: one flow instance per task it joins, holding that task's artifacts.
 *
 * <pre>{@code
 * @Step(next = "end")
 * public void best(Inputs<CountryModels> inputs) {
 *     bestScore = inputs.stream().mapToDouble(i -> i.score).max().orElseThrow();
 *     inputs.mergeArtifactsExcept(this, "score");   // carries on what all inputs agree on, but each one's score
 * }
 * }</pre>
 */
public final class Inputs<F extends FlowSpec> implements Iterable<F> {
    private static final int MAX_SHOWN = 60;

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
     * Copies into the join every artifact whose value is the same in all inputs, so that later steps see it (the
     * country a foreach over settings ran for, say). What the join set itself is kept: an artifact whose field no
     * longer holds its initial value is left as the join set it, before or after this call. An artifact the join
     * did not set and whose values differ between the inputs is refused, with every such artifact named at once:
     * set it in the join, or leave it out with {@link #mergeArtifactsExcept}.
     *
     * @param join the join step's own instance: {@code this}
     * @throws IllegalStateException naming the artifacts whose values differ; nothing is copied then
     */
    public void mergeArtifacts(F join) {
        merge(join, Set.of());
    }

    /**
     * {@link #mergeArtifacts} for every artifact but the ones named: those are neither compared nor copied, and keep
     * whatever the join holds (the join's own value, or the field's initial value when the join does not set them).
     *
     * <pre>{@code
     * inputs.mergeArtifactsExcept(this, "setting", "accuracy");   // each input tried its own setting
     * }</pre>
     *
     * @throws IllegalArgumentException when a name is not an artifact of the flow (a parameter, a typo)
     */
    public void mergeArtifactsExcept(F join, String artifact, String... moreArtifacts) {
        Set<String> excluded = new LinkedHashSet<>();
        excluded.add(artifact);
        excluded.addAll(List.of(moreArtifacts));
        Set<String> known = new LinkedHashSet<>();
        FlowFields.artifacts(join.getClass()).forEach(f -> known.add(f.getName()));
        for (String name : excluded) {
            if (!known.contains(name)) {
                throw new IllegalArgumentException("mergeArtifactsExcept: `" + name + "` is not an artifact of "
                        + join.getClass().getSimpleName() + "; its artifacts are " + known);
            }
        }
        merge(join, excluded);
    }

    private void merge(F join, Set<String> excluded) {
        if (inputs.isEmpty()) {
            return; // a foreach over an empty list: nothing to merge
        }
        Object initial = initialInstance(join);
        Map<Field, Object> agreed = new LinkedHashMap<>();
        List<String> differing = new ArrayList<>();
        List<String> differences = new ArrayList<>();
        for (Field field : FlowFields.artifacts(join.getClass())) {
            if (excluded.contains(field.getName()) || !Objects.deepEquals(read(field, join), read(field, initial))) {
                continue; // left out, or set by the join: the join's value stays
            }
            Object first = read(field, inputs.get(0));
            int other = indexOfOther(field, first);
            if (other < 0) {
                agreed.put(field, first);
            } else {
                differing.add(field.getName());
                differences.add("`" + field.getName() + "` (" + shown(first) + " in input 0 from " + steps.get(0)
                        + ", " + shown(read(field, inputs.get(other))) + " in input " + other + " from "
                        + steps.get(other) + ")");
            }
        }
        if (!differing.isEmpty()) {
            throw new IllegalStateException("mergeArtifacts: the joined inputs disagree on "
                    + String.join(", ", differences)
                    + ". Set " + (differing.size() == 1 ? "it" : "them")
                    + " in the join (a value the join sets is kept), or leave "
                    + (differing.size() == 1 ? "it" : "them") + " out: inputs.mergeArtifactsExcept(this, \""
                    + String.join("\", \"", differing) + "\")");
        }
        agreed.forEach((field, value) -> write(field, join, value));
    }

    private int indexOfOther(Field field, Object first) {
        for (int i = 1; i < inputs.size(); i++) {
            if (!Objects.deepEquals(first, read(field, inputs.get(i)))) {
                return i;
            }
        }
        return -1;
    }

    /** The flow as its constructor leaves it: a field still equal to this was not set by the join. */
    private static Object initialInstance(Object join) {
        try {
            Constructor<?> constructor = join.getClass().getDeclaredConstructor();
            constructor.setAccessible(true);
            return constructor.newInstance();
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(
                    "mergeArtifacts needs a constructor without arguments in "
                            + join.getClass().getName() + " (every flow has one) to tell what the join set: " + e,
                    e);
        }
    }

    /** A value short enough for a message: a list of thousands would drown it. */
    private static String shown(Object value) {
        String text = value != null && value.getClass().isArray()
                ? Arrays.deepToString(new Object[] {value}).replaceAll("^\\[|\\]$", "")
                : String.valueOf(value);
        return text.length() <= MAX_SHOWN ? text : text.substring(0, MAX_SHOWN) + "...";
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
