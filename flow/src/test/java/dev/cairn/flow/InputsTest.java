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
        inputs(scores(1), scores(2)).mergeArtifactsExcept(target, "score");
        assertEquals("sales", target.dataset);
        assertEquals(List.of("a", "b"), target.tags);
    }

    @Test
    void mergeComparesArraysByContent() {
        Scores target = new Scores();
        inputs(scores(1), scores(2)).mergeArtifactsExcept(target, "score");
        assertArrayEquals(new int[] {1, 2}, target.counts);
    }

    @Test
    void mergeKeepsWhatTheJoinSetBeforeTheCall() {
        Scores target = new Scores();
        target.dataset = "joined";
        inputs(scores(1), scores(1)).mergeArtifacts(target);
        assertEquals("joined", target.dataset);
        assertEquals(List.of("a", "b"), target.tags);
    }

    @Test
    void mergeAcceptsADifferenceTheJoinResolvedItself() {
        // the newcomer's join: it sets the best score, then merges the rest, without listing `score`
        Scores target = new Scores();
        target.score = 2;
        inputs(scores(1), scores(2)).mergeArtifacts(target);
        assertEquals(2, target.score);
        assertEquals("sales", target.dataset);
    }

    @Test
    void mergeRejectsEveryArtifactThatDiffersAtOnceAndNamesTheCallThatLeavesThemOut() {
        Scores first = new Scores("x", 1, List.of("a"), new int[] {1});
        Scores second = new Scores("y", 2, List.of("a"), new int[] {1});
        Scores target = new Scores();
        IllegalStateException e = assertThrows(
                IllegalStateException.class, () -> inputs(first, second).mergeArtifacts(target));
        assertTrue(
                e.getMessage().contains("`dataset` (x in input 0 from arm0, y in input 1 from arm1)"), e.getMessage());
        assertTrue(e.getMessage().contains("`score` (1.0 in input 0"), e.getMessage());
        assertTrue(e.getMessage().contains("mergeArtifactsExcept(this, \"dataset\", \"score\")"), e.getMessage());
        assertNull(target.tags, "nothing is copied when the merge is refused");
    }

    @Test
    void mergeRejectsADifferenceInALaterInput() {
        Scores odd = scores(1);
        odd.tags = List.of("c");
        IllegalStateException e = assertThrows(
                IllegalStateException.class,
                () -> inputs(scores(1), scores(1), odd).mergeArtifacts(new Scores()));
        assertTrue(
                e.getMessage().contains("`tags` ([a, b] in input 0 from arm0, [c] in input 2 from arm2)"),
                e.getMessage());
    }

    @Test
    void mergeShowsLongValuesShortened() {
        Scores first = scores(1);
        first.tags = java.util.Collections.nCopies(1000, "tag");
        IllegalStateException e = assertThrows(
                IllegalStateException.class, () -> inputs(first, scores(1)).mergeArtifacts(new Scores()));
        assertTrue(e.getMessage().length() < 400, e.getMessage());
    }

    @Test
    void mergeExceptLeavesTheNamedArtifactsToTheJoin() {
        Scores target = new Scores();
        inputs(scores(1), scores(2)).mergeArtifactsExcept(target, "score");
        assertEquals(0, target.score);
    }

    @Test
    void mergeExceptWithSeveralNamesIgnoresEachOfThem() {
        Scores first = new Scores("x", 1, List.of("a"), new int[] {1});
        Scores second = new Scores("y", 2, List.of("a"), new int[] {1});
        Scores target = new Scores();
        inputs(first, second).mergeArtifactsExcept(target, "dataset", "score");
        assertNull(target.dataset);
        assertEquals(List.of("a"), target.tags);
    }

    @Test
    void mergeExceptRefusesANameThatIsNoArtifactListingTheArtifacts() {
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> inputs(scores(1), scores(2)).mergeArtifactsExcept(new Scores(), "scores"));
        assertTrue(e.getMessage().contains("`scores` is not an artifact of Scores"), e.getMessage());
        assertTrue(e.getMessage().contains("[dataset, score, tags, counts]"), e.getMessage());
    }

    @Test
    void mergeExceptRefusesAParameter() {
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> inputs(scores(1), scores(1)).mergeArtifactsExcept(new Scores(), "seed"));
        assertTrue(e.getMessage().contains("`seed` is not an artifact"), e.getMessage());
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
