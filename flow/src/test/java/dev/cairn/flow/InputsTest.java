package dev.cairn.flow;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class InputsTest {

    public static class Scores extends FlowSpec {
        static String constant = "static";

        @Parameter
        int seed;

        transient String scratch;

        String dataset;
        double score;
        List<String> tags;
        int[] counts;

        Scores() {}

        Scores(String dataset, double score, List<String> tags, int[] counts) {
            this.dataset = dataset;
            this.score = score;
            this.tags = tags;
            this.counts = counts;
        }
    }

    private static Scores scores(double score) {
        return new Scores("sales", score, List.of("a", "b"), new int[] {1, 2});
    }

    private static Inputs<Scores> inputs(Scores... scores) {
        List<String> steps = new ArrayList<>();
        for (int i = 0; i < scores.length; i++) {
            steps.add("arm" + i);
        }
        return new Inputs<>(List.of(scores), steps);
    }

    // ---------------------------------------------------------------- access

    @Test
    void iteratesInputsInOrder() {
        Scores first = scores(1);
        Scores second = scores(2);
        List<Scores> seen = new ArrayList<>();
        for (Scores s : inputs(first, second)) {
            seen.add(s);
        }
        assertEquals(List.of(first, second), seen);
    }

    @Test
    void streamSizeAndGetFollowInputOrder() {
        Scores first = scores(1);
        Scores second = scores(2);
        Inputs<Scores> inputs = inputs(first, second);
        assertEquals(2, inputs.size());
        assertSame(second, inputs.get(1));
        assertEquals(List.of(1.0, 2.0), inputs.stream().map(s -> s.score).toList());
    }

    @Test
    void needsOneStepNamePerInput() {
        assertThrows(IllegalArgumentException.class, () -> new Inputs<>(List.of(scores(1), scores(2)), List.of("a")));
    }

    @Test
    void inputsCannotBeChangedThroughTheGivenList() {
        List<Scores> list = new ArrayList<>(List.of(scores(1)));
        Inputs<Scores> inputs = new Inputs<>(list, List.of("a"));
        list.add(scores(2));
        assertEquals(1, inputs.size());
    }

    @Test
    void fromReturnsTheInputOfABranchStep() {
        Scores left = scores(1);
        Scores right = scores(2);
        Inputs<Scores> inputs = new Inputs<>(List.of(left, right), List.of("left", "right"));
        assertSame(left, inputs.from("left"));
        assertSame(right, inputs.from("right"));
    }

    @Test
    void fromAnUnknownStepNamesItAndTheKnownSteps() {
        Inputs<Scores> inputs = new Inputs<>(List.of(scores(1), scores(2)), List.of("left", "right"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> inputs.from("middle"));
        assertTrue(e.getMessage().contains("`middle`"), e.getMessage());
        assertTrue(e.getMessage().contains("left") && e.getMessage().contains("right"), e.getMessage());
    }

    // ---------------------------------------------------------------- mergeArtifacts

    @Test
    void mergeCopiesArtifactsEqualInAllInputs() {
        Scores target = new Scores();
        inputs(scores(1), scores(2)).mergeArtifacts(target, "score");
        assertEquals("sales", target.dataset);
        assertEquals(List.of("a", "b"), target.tags);
    }

    @Test
    void mergeComparesArraysByContent() {
        Scores target = new Scores();
        inputs(scores(1), scores(2)).mergeArtifacts(target, "score");
        assertArrayEquals(new int[] {1, 2}, target.counts);
    }

    @Test
    void mergeCopiesNullWhenAllInputsAreNull() {
        Scores target = new Scores();
        target.dataset = "stale";
        inputs(new Scores(null, 1, null, null), new Scores(null, 1, null, null)).mergeArtifacts(target);
        assertNull(target.dataset);
    }

    @Test
    void mergeRejectsAnArtifactThatDiffersAndNamesIt() {
        Scores target = new Scores();
        IllegalStateException e = assertThrows(
                IllegalStateException.class, () -> inputs(scores(1), scores(2)).mergeArtifacts(target));
        assertTrue(e.getMessage().contains("artifact `score` differs"), e.getMessage());
        assertTrue(e.getMessage().contains("mergeArtifacts(this, \"score\")"), e.getMessage());
    }

    @Test
    void mergeRejectsADifferenceInALaterInput() {
        Scores odd = scores(1);
        odd.tags = List.of("c");
        IllegalStateException e = assertThrows(
                IllegalStateException.class,
                () -> inputs(scores(1), scores(1), odd).mergeArtifacts(new Scores()));
        assertTrue(e.getMessage().contains("`tags`"), e.getMessage());
    }

    @Test
    void mergeLeavesExcludedArtifactsToTheJoin() {
        Scores target = new Scores();
        target.score = 99;
        inputs(scores(1), scores(2)).mergeArtifacts(target, "score");
        assertEquals(99, target.score);
    }

    @Test
    void mergeWithSeveralExclusionsIgnoresEachOfThem() {
        Scores first = new Scores("x", 1, List.of("a"), new int[] {1});
        Scores second = new Scores("y", 2, List.of("a"), new int[] {1});
        Scores target = new Scores();
        inputs(first, second).mergeArtifacts(target, "dataset", "score");
        assertNull(target.dataset);
        assertEquals(List.of("a"), target.tags);
    }

    @Test
    void mergeIgnoresParametersTransientAndStaticFields() {
        Scores first = scores(1);
        first.seed = 1;
        first.scratch = "one";
        Scores second = scores(1);
        second.seed = 2;
        second.scratch = "two";
        Scores target = new Scores();
        inputs(first, second).mergeArtifacts(target);
        assertEquals(0, target.seed);
        assertNull(target.scratch);
        assertEquals("static", Scores.constant);
    }

    @Test
    void mergeOfNoInputsChangesNothing() {
        // a join after a foreach over an empty list gets no inputs
        Scores target = new Scores();
        target.dataset = "own";
        new Inputs<Scores>(List.of(), List.of()).mergeArtifacts(target);
        assertEquals("own", target.dataset);
    }
}
