package dev.cairn.flow.internal.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.cairn.flow.Batch;
import dev.cairn.flow.Catch;
import dev.cairn.flow.Flow;
import dev.cairn.flow.FlowSpec;
import dev.cairn.flow.Inputs;
import dev.cairn.flow.Parameter;
import dev.cairn.flow.Resources;
import dev.cairn.flow.Retry;
import dev.cairn.flow.Step;
import dev.cairn.flow.Timeout;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class InvalidFlowTest {

    /**
     * Asserts that reading {@code flow} fails, that the message names the flow, and that one of
     * the problems names {@code subject} (a step or parameter, in backticks; null when the
     * problem names several steps) and holds every key word of the fix. Returns the exception for further checks.
     */
    private static InvalidFlowException assertInvalid(
            Class<? extends FlowSpec> flow, String subject, String... keywords) {
        InvalidFlowException e = assertThrows(InvalidFlowException.class, () -> FlowGraph.of(flow));
        String name = flow.getSimpleName();
        assertEquals(name, e.flow());
        assertTrue(e.getMessage().startsWith("flow " + name + " cannot run"), e.getMessage());
        String quoted = subject == null ? "" : "`" + subject + "`";
        for (String problem : e.problems()) {
            if (problem.contains(quoted) && Arrays.stream(keywords).allMatch(problem::contains)) {
                assertTrue(e.getMessage().contains(problem), e.getMessage());
                return e;
            }
        }
        return fail("no problem names " + quoted + " with " + List.of(keywords) + " in:\n" + e.getMessage());
    }

    /** As {@link #assertInvalid} and the flow has no other problem. */
    private static InvalidFlowException assertOnlyProblem(
            Class<? extends FlowSpec> flow, String subject, String... keywords) {
        InvalidFlowException e = assertInvalid(flow, subject, keywords);
        assertEquals(1, e.problems().size(), e.getMessage());
        return e;
    }

    // ---------------------------------------------------------------- start and end

    public static class NoStart extends FlowSpec {
        @Step(next = "end")
        public void begin() {}

        @Step
        public void end() {}
    }

    @Test
    void missingStartIsRejected() {
        assertOnlyProblem(NoStart.class, "start", "no `start` step", "add `@Step(next = ...) public void start()`");
    }

    public static class NoEnd extends FlowSpec {
        @Step(next = "finish")
        public void start() {}

        @Step(next = "start")
        public void finish() {}
    }

    @Test
    void missingEndIsRejected() {
        assertInvalid(NoEnd.class, "end", "no `end` step", "add `@Step public void end()`");
    }

    public static class StartTakesInputs extends FlowSpec {
        @Step(next = "end")
        public void start(Inputs<StartTakesInputs> inputs) {}

        @Step
        public void end() {}
    }

    @Test
    void startTakingInputsIsRejected() {
        assertOnlyProblem(StartTakesInputs.class, "start", "takes Inputs", "drop the parameter");
    }

    public static class EndHasNext extends FlowSpec {
        @Step(next = "end")
        public void start() {}

        @Step(next = "start")
        public void end() {}
    }

    @Test
    void endWithANextStepIsRejected() {
        assertInvalid(EndHasNext.class, "end", "has a next step", "remove its next/foreach");
    }

    public static class StepWithoutNext extends FlowSpec {
        @Step(next = "train")
        public void start() {}

        @Step
        public void train() {}

        @Step
        public void end() {}
    }

    @Test
    void nonEndStepWithoutNextIsRejected() {
        assertOnlyProblem(
                StepWithoutNext.class, "train", "has no next step", "add @Step(next = \"...\")", "only `end` finishes");
    }

    // ---------------------------------------------------------------- transitions

    public static class UnknownTarget extends FlowSpec {
        @Step(next = "trian")
        public void start() {}

        @Step(next = "end")
        public void train() {}

        @Step
        public void end() {}
    }

    @Test
    void transitionToAMissingStepIsRejected() {
        assertOnlyProblem(
                UnknownTarget.class, "start", "`trian`", "not a step", "add a @Step method `trian` or fix the name");
    }

    public static class BackToStart extends FlowSpec {
        @Step(next = "work")
        public void start() {}

        @Step(next = {"start", "end"})
        public void work() {}

        @Step
        public void end() {}
    }

    @Test
    void transitionBackToStartIsRejected() {
        assertOnlyProblem(BackToStart.class, "work", "goes back to `start`", "loops are not allowed");
    }

    public static class SameTargetTwice extends FlowSpec {
        @Step(next = {"work", "work"})
        public void start() {}

        @Step(next = "end")
        public void work() {}

        @Step
        public void end() {}
    }

    @Test
    void branchNamingTheSameStepTwiceIsRejected() {
        assertOnlyProblem(
                SameTargetTwice.class, "start", "same next step twice", "each branch goes to a different step");
    }

    public static class Cyclic extends FlowSpec {
        @Step(next = "a")
        public void start() {}

        @Step(next = "b")
        public void a() {}

        @Step(next = {"a", "end"})
        public void b() {}

        @Step
        public void end() {}
    }

    @Test
    void cycleIsRejected() {
        InvalidFlowException e = assertOnlyProblem(
                Cyclic.class, null, "steps form a cycle", "a flow is a DAG", "foreach instead of a loop");
        String problem = e.problems().get(0);
        assertTrue(problem.contains("a -> b -> a") || problem.contains("b -> a -> b"), problem);
    }

    public static class Unreachable extends FlowSpec {
        @Step(next = "end")
        public void start() {}

        @Step(next = "end")
        public void orphan() {}

        @Step
        public void end() {}
    }

    @Test
    void unreachableStepIsRejected() {
        assertOnlyProblem(
                Unreachable.class,
                "orphan",
                "unreachable from start",
                "add it as a next step of another step, or remove it");
    }

    // ---------------------------------------------------------------- joins

    public static class JoinOfNothing extends FlowSpec {
        @Step(next = "merge")
        public void start() {}

        @Step(next = "end")
        public void merge(Inputs<JoinOfNothing> inputs) {}

        @Step
        public void end() {}
    }

    @Test
    void joinWithoutASplitBeforeItIsRejected() {
        assertOnlyProblem(
                JoinOfNothing.class,
                "merge",
                "joins nothing",
                "add a foreach or branch before it",
                "drop its Inputs parameter");
    }

    public static class MissingJoin extends FlowSpec {
        @Step(next = {"a", "b"})
        public void start() {}

        @Step(next = "merge")
        public void a() {}

        @Step(next = "merge")
        public void b() {}

        @Step(next = "end")
        public void merge() {}

        @Step
        public void end() {}
    }

    @Test
    void stepWithTwoIncomingStepsThatIsNotAJoinIsRejected() {
        assertOnlyProblem(
                MissingJoin.class,
                "merge",
                "several incoming steps",
                "[a, b]",
                "not a join",
                "give it a parameter `Inputs<...> inputs`");
    }

    public static class PartialJoin extends FlowSpec {
        @Step(next = {"a", "b", "c"})
        public void start() {}

        @Step(next = "joinAb")
        public void a() {}

        @Step(next = "joinAb")
        public void b() {}

        @Step(next = "joinAll")
        public void joinAb(Inputs<PartialJoin> inputs) {}

        @Step(next = "joinAll")
        public void c() {}

        @Step(next = "end")
        public void joinAll(Inputs<PartialJoin> inputs) {}

        @Step
        public void end() {}
    }

    @Test
    void joinThatDoesNotCloseEveryArmOfItsBranchIsRejected() {
        assertOnlyProblem(
                PartialJoin.class,
                "joinAb",
                "does not close the branch at `start`",
                "[c]",
                "every arm of a branch must lead to the same join");
    }

    public static class CrossedJoin extends FlowSpec {
        @Step(next = {"a", "b"})
        public void start() {}

        @Step(next = {"a1", "a2"})
        public void a() {}

        @Step(next = "joinAll")
        public void a1() {}

        @Step(next = "joinAll")
        public void a2() {}

        @Step(next = "joinAll")
        public void b() {}

        @Step(next = "end")
        public void joinAll(Inputs<CrossedJoin> inputs) {}

        @Step
        public void end() {}
    }

    @Test
    void joinOfStepsFromDifferentSplitsIsRejected() {
        assertOnlyProblem(
                CrossedJoin.class,
                "joinAll",
                "come from different splits",
                "join each branch or foreach separately, innermost first");
    }

    public static class BranchJoinedInsideForeach extends FlowSpec {
        java.util.List<String> items;

        @Step(foreach = "items", next = "work")
        public void start() {}

        @Step(next = {"x", "y"})
        public void work() {}

        @Step(next = "gather")
        public void x() {}

        @Step(next = "gather")
        public void y() {}

        @Step(next = "collect")
        public void gather(Inputs<BranchJoinedInsideForeach> inputs) {}

        @Step(next = "end")
        public void collect(Inputs<BranchJoinedInsideForeach> inputs) {}

        @Step
        public void end() {}
    }

    @Test
    void validBranchInsideForeachIsAccepted() {
        // control for the rejections above: each split closed by its own join, innermost first
        assertEquals(
                "start",
                FlowGraph.of(BranchJoinedInsideForeach.class).step("collect").closes());
    }

    public static class UnclosedForeach extends FlowSpec {
        List<String> items;

        @Step(foreach = "items", next = "work")
        public void start() {}

        @Step(next = "end")
        public void work() {}

        @Step
        public void end() {}
    }

    @Test
    void endReachedInsideAnUnclosedForeachIsRejected() {
        assertOnlyProblem(
                UnclosedForeach.class,
                "end",
                "inside the foreach opened at `start`",
                "add a join step",
                "before end to close it");
    }

    public static class EndJoinsBranch extends FlowSpec {
        @Step(next = {"a", "b"})
        public void start() {}

        @Step(next = "end")
        public void a() {}

        @Step(next = "end")
        public void b() {}

        @Step
        public void end(Inputs<EndJoinsBranch> inputs) {}
    }

    @Test
    void endMayItselfBeTheJoin() {
        assertEquals("start", FlowGraph.of(EndJoinsBranch.class).step("end").closes());
    }

    // ---------------------------------------------------------------- foreach

    public static class ForeachOverUndeclared extends FlowSpec {
        @Step(foreach = "items", next = "work")
        public void start() {}

        @Step(next = "join")
        public void work() {}

        @Step(next = "end")
        public void join(Inputs<ForeachOverUndeclared> inputs) {}

        @Step
        public void end() {}
    }

    @Test
    void foreachOverAnUndeclaredArtifactIsRejected() {
        InvalidFlowException e = assertOnlyProblem(
                ForeachOverUndeclared.class,
                "start",
                "foreach over `items`",
                "does not declare",
                "add a field `List<...> items`");
        assertTrue(e.problems().get(0).contains("ForeachOverUndeclared"), e.getMessage());
    }

    public static class ForeachOverInt extends FlowSpec {
        int count;

        @Step(foreach = "count", next = "work")
        public void start() {}

        @Step(next = "join")
        public void work() {}

        @Step(next = "end")
        public void join(Inputs<ForeachOverInt> inputs) {}

        @Step
        public void end() {}
    }

    @Test
    void foreachOverANonListArtifactIsRejected() {
        assertOnlyProblem(ForeachOverInt.class, "start", "foreach over `count` of type int", "foreach needs a List");
    }

    public static class ForeachOverArray extends FlowSpec {
        String[] names;

        @Step(foreach = "names", next = "work")
        public void start() {}

        @Step(next = "join")
        public void work() {}

        @Step(next = "end")
        public void join(Inputs<ForeachOverArray> inputs) {}

        @Step
        public void end() {}
    }

    @Test
    void foreachOverAnArrayIsAccepted() {
        assertEquals(1, FlowGraph.of(ForeachOverArray.class).step("work").foreachDepth());
    }

    public static class ForeachWithTwoNext extends FlowSpec {
        List<String> items;

        @Step(
                foreach = "items",
                next = {"a", "b"})
        public void start() {}

        @Step(next = "join")
        public void a() {}

        @Step(next = "join")
        public void b() {}

        @Step(next = "end")
        public void join(Inputs<ForeachWithTwoNext> inputs) {}

        @Step
        public void end() {}
    }

    @Test
    void foreachWithTwoNextStepsIsRejected() {
        assertOnlyProblem(
                ForeachWithTwoNext.class,
                "start",
                "2 next steps",
                "a foreach fans out to exactly one step",
                "next = \"<step>\"");
    }

    // ---------------------------------------------------------------- parameters

    public static class ListParameter extends FlowSpec {
        @Parameter
        List<String> countries;

        @Step(next = "end")
        public void start() {}

        @Step
        public void end() {}
    }

    @Test
    void listParameterIsRejected() {
        assertOnlyProblem(
                ListParameter.class,
                "countries",
                "has type List",
                "supported types are String, int, long, double, boolean and enums");
    }

    public static class ObjectParameter extends FlowSpec {
        @Parameter
        Object config;

        @Step(next = "end")
        public void start() {}

        @Step
        public void end() {}
    }

    @Test
    void objectParameterIsRejected() {
        assertOnlyProblem(
                ObjectParameter.class,
                "config",
                "has type Object",
                "supported types are String, int, long, double, boolean and enums");
    }

    public static class DuplicateParameter extends FlowSpec {
        @Parameter(name = "x")
        int first = 1;

        @Parameter(name = "x")
        int second = 2;

        @Step(next = "end")
        public void start() {}

        @Step
        public void end() {}
    }

    @Test
    void duplicateParameterNamesAreRejected() {
        assertOnlyProblem(DuplicateParameter.class, "x", "declared twice", "first", "second", "@Parameter(name = ...)");
    }

    public static class ParameterNamedLikeArtifact extends FlowSpec {
        @Parameter(name = "model")
        String modelName = "gbm";

        String model;

        @Step(next = "end")
        public void start() {}

        @Step
        public void end() {}
    }

    @Test
    void parameterWithTheNameOfAnArtifactIsRejected() {
        assertOnlyProblem(
                ParameterNamedLikeArtifact.class, "model", "has the name of an artifact", "rename one of them");
    }

    public static class FinalParameter extends FlowSpec {
        @Parameter
        final int epochs = 3;

        @Step(next = "end")
        public void start() {}

        @Step
        public void end() {}
    }

    @Test
    void finalParameterIsRejected() {
        assertOnlyProblem(FinalParameter.class, "epochs", "is final", "make the field non-final");
    }

    public static class BadParameterName extends FlowSpec {
        @Parameter(name = "Max_Rows")
        int maxRows = 3;

        @Step(next = "end")
        public void start() {}

        @Step
        public void end() {}
    }

    @Test
    void parameterNameThatIsNoCommandLineOptionIsRejected() {
        assertOnlyProblem(
                BadParameterName.class, "Max_Rows", "starts with a lower-case letter", "letters, digits and '-'");
    }

    // ---------------------------------------------------------------- artifacts

    public static class FinalArtifact extends FlowSpec {
        final String label = "x";

        @Step(next = "end")
        public void start() {}

        @Step
        public void end() {}
    }

    @Test
    void finalArtifactIsRejected() {
        assertOnlyProblem(FinalArtifact.class, "label", "is final", "make the field non-final");
    }

    public abstract static class BaseWithLabel extends FlowSpec {
        String label;
    }

    public static class ShadowedArtifact extends BaseWithLabel {
        String label;

        @Step(next = "end")
        public void start() {}

        @Step
        public void end() {}
    }

    @Test
    void artifactDeclaredInSubclassAndSuperclassIsRejected() {
        assertOnlyProblem(
                ShadowedArtifact.class, "label", "declared twice", "BaseWithLabel", "rename one of the fields");
    }

    // ---------------------------------------------------------------- step methods

    public static class OverloadedStep extends FlowSpec {
        @Step(next = "train")
        public void start() {}

        @Step(next = "end")
        public void train() {}

        @Step(next = "end")
        public void train(Inputs<OverloadedStep> inputs) {}

        @Step
        public void end() {}
    }

    @Test
    void duplicateStepNamesAreRejected() {
        assertOnlyProblem(OverloadedStep.class, "train", "declared 2 times", "step names must be unique");
    }

    public static class NonVoidStep extends FlowSpec {
        @Step(next = "end")
        public int start() {
            return 1;
        }

        @Step
        public void end() {}
    }

    @Test
    void stepThatReturnsAValueIsRejected() {
        assertOnlyProblem(NonVoidStep.class, "start", "returns int", "a step returns void and keeps results in fields");
    }

    public static class WrongParameterStep extends FlowSpec {
        @Step(next = "train")
        public void start() {}

        @Step(next = "end")
        public void train(String data) {}

        @Step
        public void end() {}
    }

    @Test
    void stepWithAParameterOtherThanInputsIsRejected() {
        assertOnlyProblem(
                WrongParameterStep.class,
                "train",
                "takes parameters [String]",
                "a step takes none, or one Inputs<WrongParameterStep> if it is a join");
    }

    public static class StaticStep extends FlowSpec {
        @Step(next = "end")
        public static void start() {}

        @Step
        public void end() {}
    }

    @Test
    void staticStepIsRejected() {
        assertOnlyProblem(StaticStep.class, "start", "is static", "steps are instance methods");
    }

    // ---------------------------------------------------------------- step settings

    public static class CatchMissingField extends FlowSpec {
        @Catch(var = "error")
        @Step(next = "end")
        public void start() {}

        @Step
        public void end() {}
    }

    @Test
    void catchNamingAMissingFieldIsRejected() {
        assertOnlyProblem(
                CatchMissingField.class, "start", "@Catch(var = \"error\")", "declare a field `StepError error`");
    }

    public static class CatchWrongType extends FlowSpec {
        String error;

        @Catch(var = "error")
        @Step(next = "end")
        public void start() {}

        @Step
        public void end() {}
    }

    @Test
    void catchNamingANonStepErrorFieldIsRejected() {
        assertOnlyProblem(
                CatchWrongType.class, "start", "@Catch(var = \"error\")", "declare a field `StepError error`");
    }

    public static class TooManyRetries extends FlowSpec {
        @Retry(times = 11)
        @Step(next = "end")
        public void start() {}

        @Step
        public void end() {}
    }

    @Test
    void retryingMoreThanNineTimesIsRejected() {
        assertOnlyProblem(TooManyRetries.class, "start", "@Retry(times = 11", "times must be 0..9");
    }

    public static class TooManyTasksPerChild extends FlowSpec {
        @Batch(tasksPerChild = 10_001)
        @Step(next = "end")
        public void start() {}

        @Step
        public void end() {}
    }

    @Test
    void moreThanTenThousandTasksPerChildAreRejected() {
        assertOnlyProblem(
                TooManyTasksPerChild.class, "start", "@Batch(tasksPerChild = 10001)", "give 1..10000 tasks per array");
    }

    public static class NegativeBackoff extends FlowSpec {
        @Retry(backoffSeconds = -1)
        @Step(next = "end")
        public void start() {}

        @Step
        public void end() {}
    }

    @Test
    void negativeRetryBackoffIsRejected() {
        assertOnlyProblem(NegativeBackoff.class, "start", "backoffSeconds = -1", "backoffSeconds at least 0");
    }

    public static class ZeroTimeout extends FlowSpec {
        @Timeout
        @Step(next = "end")
        public void start() {}

        @Step
        public void end() {}
    }

    @Test
    void zeroTimeoutIsRejected() {
        assertOnlyProblem(ZeroTimeout.class, "start", "@Timeout of 0 s", "above 0");
    }

    public static class NoCpu extends FlowSpec {
        @Resources(cpu = 0)
        @Step(next = "end")
        public void start() {}

        @Step
        public void end() {}
    }

    @Test
    void resourcesWithoutCpuAreRejected() {
        assertOnlyProblem(NoCpu.class, "start", "cpu = 0", "cpu and memoryMb must be at least 1");
    }

    // ---------------------------------------------------------------- flow class

    @Flow(project = "my project")
    public static class BadProject extends FlowSpec {
        @Step(next = "end")
        public void start() {}

        @Step
        public void end() {}
    }

    @Test
    void projectNameWithSpacesIsRejected() {
        InvalidFlowException e = assertThrows(InvalidFlowException.class, () -> FlowGraph.of(BadProject.class));
        assertEquals(1, e.problems().size(), e.getMessage());
        assertTrue(
                e.problems().get(0).contains("\"my project\"")
                        && e.problems().get(0).contains("1 to 128 letters, digits"),
                e.getMessage());
    }

    @Flow(project = "_shared")
    public static class ReservedProject extends FlowSpec {
        @Step(next = "end")
        public void start() {}

        @Step
        public void end() {}
    }

    @Test
    void aProjectNamedLikeAReservedFolderIsRejected() {
        InvalidFlowException e = assertThrows(InvalidFlowException.class, () -> FlowGraph.of(ReservedProject.class));
        assertEquals(1, e.problems().size(), e.getMessage());
        assertTrue(
                e.problems().get(0).contains("\"_shared\"")
                        && e.problems().get(0).contains("starting with a letter"),
                e.getMessage());
    }

    public static class _serving extends FlowSpec {
        @Step(next = "end")
        public void start() {}

        @Step
        public void end() {}
    }

    @Test
    void aFlowClassNamedLikeAReservedFolderIsRejected() {
        InvalidFlowException e = assertThrows(InvalidFlowException.class, () -> FlowGraph.of(_serving.class));
        assertEquals(1, e.problems().size(), e.getMessage());
        assertTrue(e.problems().get(0).contains("flow '_serving' cannot name a datastore folder"), e.getMessage());
    }

    public abstract static class AbstractFlow extends FlowSpec {
        @Step(next = "end")
        public void start() {}

        @Step
        public void end() {}
    }

    @Test
    void abstractFlowIsRejected() {
        InvalidFlowException e = assertThrows(InvalidFlowException.class, () -> FlowGraph.of(AbstractFlow.class));
        assertEquals(1, e.problems().size(), e.getMessage());
        assertTrue(e.getMessage().contains("is abstract: a flow must be a concrete class"), e.getMessage());
    }

    public static class NoDefaultConstructor extends FlowSpec {
        public NoDefaultConstructor(int size) {}

        @Step(next = "end")
        public void start() {}

        @Step
        public void end() {}
    }

    @Test
    void flowWithoutNoArgConstructorIsRejected() {
        InvalidFlowException e =
                assertThrows(InvalidFlowException.class, () -> FlowGraph.of(NoDefaultConstructor.class));
        assertEquals(1, e.problems().size(), e.getMessage());
        assertTrue(e.getMessage().contains("no no-argument constructor: add one"), e.getMessage());
    }

    public static class FailingInitializer extends FlowSpec {
        @Parameter
        int size = Integer.parseInt("not a number");

        @Step(next = "end")
        public void start() {}

        @Step
        public void end() {}
    }

    @Test
    void flowWhoseInitializerThrowsIsRejected() {
        InvalidFlowException e = assertThrows(InvalidFlowException.class, () -> FlowGraph.of(FailingInitializer.class));
        assertEquals(1, e.problems().size(), e.getMessage());
        assertTrue(e.getMessage().contains("NumberFormatException"), e.getMessage());
        assertTrue(e.getMessage().contains("field initializers and the constructor must not fail"), e.getMessage());
    }

    // ---------------------------------------------------------------- reporting

    public static class ManyProblems extends FlowSpec {
        @Parameter
        Object config;

        @Retry(times = 11)
        @Step(next = "train")
        public void start() {}

        @Step(next = "end")
        public int train() {
            return 0;
        }

        @Step
        public void end() {}
    }

    @Test
    void everyProblemIsReportedAtOnce() {
        InvalidFlowException e = assertInvalid(ManyProblems.class, "config", "supported types");
        assertEquals(3, e.problems().size(), e.getMessage());
        assertInvalid(ManyProblems.class, "start", "times must be 0..9");
        assertInvalid(ManyProblems.class, "train", "returns int");
        assertEquals(3, e.getMessage().split("\n  - ").length - 1, e.getMessage());
    }

    // ---------------------------------------------------------------- foreach bounds

    public static class BoundWithoutForeach extends FlowSpec {
        @Step(next = "end", maxItems = 10)
        public void start() {}

        @Step
        public void end() {}
    }

    @Test
    void maxItemsWithoutForeachIsRefused() {
        assertOnlyProblem(BoundWithoutForeach.class, "start", "maxItems = 10", "no foreach");
    }

    public static class NegativeBound extends FlowSpec {
        List<String> items;

        @Step(foreach = "items", maxItems = -1, next = "work")
        public void start() {}

        @Step(next = "join")
        public void work() {}

        @Step(next = "end")
        public void join(Inputs<NegativeBound> inputs) {}

        @Step
        public void end() {}
    }

    @Test
    void aNegativeForeachBoundIsRefused() {
        assertOnlyProblem(NegativeBound.class, "start", "maxItems = -1", "at least 1");
    }
}
