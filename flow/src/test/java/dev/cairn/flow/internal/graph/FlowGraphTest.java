package dev.cairn.flow.internal.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cairn.flow.Batch;
import dev.cairn.flow.Catch;
import dev.cairn.flow.Flow;
import dev.cairn.flow.FlowSpec;
import dev.cairn.flow.Inputs;
import dev.cairn.flow.Parameter;
import dev.cairn.flow.Resources;
import dev.cairn.flow.Retry;
import dev.cairn.flow.Step;
import dev.cairn.flow.StepError;
import dev.cairn.flow.Timeout;
import dev.cairn.flow.internal.graph.StepNode.Split;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentMap;
import org.junit.jupiter.api.Test;

class FlowGraphTest {

    // ---------------------------------------------------------------- test flows

    public static class LinearFlow extends FlowSpec {
        String data;

        @Step(next = "prepare")
        public void start() {}

        @Step(next = "train")
        public void prepare() {}

        @Step(next = "end")
        public void train() {}

        @Step
        public void end() {}
    }

    public static class BranchFlow extends FlowSpec {
        @Step(next = {"left", "right"})
        public void start() {}

        @Step(next = "join")
        public void left() {}

        @Step(next = "join")
        public void right() {}

        @Step(next = "end")
        public void join(Inputs<BranchFlow> inputs) {}

        @Step
        public void end() {}
    }

    /** Declared in reverse, so graph order cannot come from declaration order. */
    public static class ReverseDeclaredBranchFlow extends FlowSpec {
        @Step
        public void end() {}

        @Step(next = "end")
        public void join(Inputs<ReverseDeclaredBranchFlow> inputs) {}

        @Step(next = "join")
        public void right() {}

        @Step(next = "join")
        public void left() {}

        @Step(next = {"left", "right"})
        public void start() {}
    }

    public static class NestedForeachFlow extends FlowSpec {
        List<String> countries;
        List<Integer> settings;
        double score;

        @Step(foreach = "countries", next = "country")
        public void start() {}

        @Step(foreach = "settings", next = "train")
        public void country() {}

        @Step(next = "bestPerCountry")
        public void train() {}

        @Step(next = "summary")
        public void bestPerCountry(Inputs<NestedForeachFlow> inputs) {}

        @Step(next = "end")
        public void summary(Inputs<NestedForeachFlow> inputs) {}

        @Step
        public void end() {}
    }

    public static class BranchInForeachFlow extends FlowSpec {
        List<String> items;

        @Step(foreach = "items", next = "process")
        public void start() {}

        @Step(next = {"fast", "slow"})
        public void process() {}

        @Step(next = "pick")
        public void fast() {}

        @Step(next = "pick")
        public void slow() {}

        @Step(next = "collect")
        public void pick(Inputs<BranchInForeachFlow> inputs) {}

        @Step(next = "end")
        public void collect(Inputs<BranchInForeachFlow> inputs) {}

        @Step
        public void end() {}
    }

    public static class NestedBranchFlow extends FlowSpec {
        @Step(next = {"a", "b"})
        public void start() {}

        @Step(next = {"a1", "a2"})
        public void a() {}

        @Step(next = "joinA")
        public void a1() {}

        @Step(next = "joinA")
        public void a2() {}

        @Step(next = "joinAll")
        public void joinA(Inputs<NestedBranchFlow> inputs) {}

        @Step(next = "joinAll")
        public void b() {}

        @Step(next = "end")
        public void joinAll(Inputs<NestedBranchFlow> inputs) {}

        @Step
        public void end() {}
    }

    public static class ArmStraightToJoinFlow extends FlowSpec {
        @Step(next = {"work", "join"})
        public void start() {}

        @Step(next = "join")
        public void work() {}

        @Step(next = "end")
        public void join(Inputs<ArmStraightToJoinFlow> inputs) {}

        @Step
        public void end() {}
    }

    @Flow(project = "forecasting", schedule = "0 3 * * ? *")
    public static class SettingsFlow extends FlowSpec {
        StepError trainError;

        @Step(next = "train")
        public void start() {}

        @Resources(cpu = 8, memoryMb = 32768, gpu = 1, queue = "big-gpu")
        @Retry(times = 5, backoffSeconds = 10)
        @Timeout(hours = 1, minutes = 30, seconds = 15)
        @Catch(var = "trainError")
        @Batch(tasksPerChild = 25)
        @Step(next = "report")
        public void train() {}

        @Retry
        @Resources
        @Step(next = "end")
        public void report() {}

        @Step
        public void end() {}
    }

    public enum Mode {
        FAST,
        THOROUGH
    }

    public static class ParameterFlow extends FlowSpec {
        @Parameter(help = "how many epochs to train")
        int epochs = 10;

        @Parameter(name = "learning-rate", help = "step size")
        double learningRate = 0.01;

        @Parameter
        long seed = 42L;

        @Parameter
        boolean dryRun;

        @Parameter(help = "training mode")
        Mode mode = Mode.THOROUGH;

        @Parameter(required = true)
        String dataset;

        @Parameter
        Integer boxedLimit = 7;

        String model;

        @Step(next = "end")
        public void start() {}

        @Step
        public void end() {}
    }

    public static class ArtifactFlow extends FlowSpec {
        static final String CONSTANT = "not an artifact";
        transient Object scratch;

        @Parameter
        int notAnArtifact = 1;

        List<String> names;
        Map<String, List<Double>> scores;
        int count;
        double[] weights;
        StepError failure;
        Duration elapsed;
        ConcurrentMap<String, Integer> cache;

        @Step(next = "end")
        public void start() {}

        @Step
        public void end() {}
    }

    public abstract static class BaseFlow extends FlowSpec {
        String shared;

        @Step(next = "work")
        public void start() {}

        @Step
        public void end() {}
    }

    public static class InheritingFlow extends BaseFlow {
        String own;

        @Step(next = "end")
        public void work() {}
    }

    // ---------------------------------------------------------------- helpers

    private static List<String> names(FlowGraph graph) {
        return graph.steps().stream().map(StepNode::name).toList();
    }

    private static List<String> names(List<StepNode> nodes) {
        return nodes.stream().map(StepNode::name).toList();
    }

    // ---------------------------------------------------------------- linear

    @Test
    void linearFlowListsStepsInOrder() {
        assertEquals(List.of("start", "prepare", "train", "end"), names(FlowGraph.of(LinearFlow.class)));
    }

    @Test
    void linearFlowHasOneParentPerStepAndLinearTransitions() {
        FlowGraph graph = FlowGraph.of(LinearFlow.class);
        assertEquals(List.of(), graph.step("start").parents());
        assertEquals(List.of("start"), graph.step("prepare").parents());
        assertEquals(List.of("prepare"), graph.step("train").parents());
        assertEquals(List.of("train"), graph.step("end").parents());
        assertEquals(new Transition.Linear("prepare"), graph.step("start").transition());
        assertEquals(new Transition.End(), graph.step("end").transition());
        assertEquals(List.of(), graph.step("end").transition().targets());
    }

    @Test
    void linearFlowHasNoSplitsJoinsOrForeachDepth() {
        for (StepNode node : FlowGraph.of(LinearFlow.class).steps()) {
            assertFalse(node.join(), node.name());
            assertNull(node.closes(), node.name());
            assertEquals(List.of(), node.splits(), node.name());
            assertEquals(0, node.foreachDepth(), node.name());
        }
    }

    @Test
    void graphIsNamedAfterTheFlowClass() {
        FlowGraph graph = FlowGraph.of(LinearFlow.class);
        assertEquals("LinearFlow", graph.name());
        assertEquals(LinearFlow.class, graph.flowClass());
    }

    @Test
    void hasStepTellsWhetherAStepExists() {
        FlowGraph graph = FlowGraph.of(LinearFlow.class);
        assertTrue(graph.hasStep("train"));
        assertFalse(graph.hasStep("evaluate"));
    }

    @Test
    void unknownStepLookupNamesFlowAndKnownSteps() {
        FlowGraph graph = FlowGraph.of(LinearFlow.class);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> graph.step("evaluate"));
        assertTrue(e.getMessage().contains("LinearFlow"), e.getMessage());
        assertTrue(e.getMessage().contains("`evaluate`"), e.getMessage());
        assertTrue(e.getMessage().contains("[start, prepare, train, end]"), e.getMessage());
    }

    @Test
    void stepsCollectionIsUnmodifiable() {
        FlowGraph graph = FlowGraph.of(LinearFlow.class);
        assertThrows(UnsupportedOperationException.class, () -> graph.steps().clear());
    }

    // ---------------------------------------------------------------- branch and join

    @Test
    void branchFlowIsOrderedTopologically() {
        assertEquals(List.of("start", "left", "right", "join", "end"), names(FlowGraph.of(BranchFlow.class)));
    }

    @Test
    void branchTransitionKeepsTargetsInDeclarationOrder() {
        FlowGraph graph = FlowGraph.of(BranchFlow.class);
        assertEquals(
                new Transition.Branch(List.of("left", "right")),
                graph.step("start").transition());
    }

    @Test
    void branchArmsAreInsideTheBranchOpenedAtStart() {
        FlowGraph graph = FlowGraph.of(BranchFlow.class);
        assertEquals(List.of(new Split("start", false)), graph.step("left").splits());
        assertEquals(List.of(new Split("start", false)), graph.step("right").splits());
        assertEquals(0, graph.step("left").foreachDepth());
    }

    @Test
    void branchJoinClosesTheBranchAndHasBothArmsAsParents() {
        StepNode join = FlowGraph.of(BranchFlow.class).step("join");
        assertTrue(join.join());
        assertEquals("start", join.closes());
        assertEquals(List.of("left", "right"), join.parents());
        assertEquals(List.of(), join.splits());
    }

    @Test
    void joinParentsFollowGraphOrderNotMethodDeclarationOrder() {
        FlowGraph graph = FlowGraph.of(ReverseDeclaredBranchFlow.class);
        assertEquals(List.of("start", "left", "right", "join", "end"), names(graph));
        assertEquals(List.of("left", "right"), graph.step("join").parents());
    }

    @Test
    void branchStepItselfIsNotInsideItsOwnBranch() {
        StepNode start = FlowGraph.of(BranchFlow.class).step("start");
        assertEquals(List.of(), start.splits());
        assertFalse(start.join());
    }

    @Test
    void nestedBranchesAreClosedInnermostFirst() {
        FlowGraph graph = FlowGraph.of(NestedBranchFlow.class);
        assertEquals(
                List.of(new Split("start", false), new Split("a", false)),
                graph.step("a1").splits());
        assertEquals("a", graph.step("joinA").closes());
        assertEquals(List.of(new Split("start", false)), graph.step("joinA").splits());
        assertEquals("start", graph.step("joinAll").closes());
        assertEquals(List.of(), graph.step("joinAll").splits());
    }

    @Test
    void branchArmMayGoStraightToTheJoin() {
        StepNode join = FlowGraph.of(ArmStraightToJoinFlow.class).step("join");
        assertEquals("start", join.closes());
        assertEquals(2, join.parents().size());
        assertTrue(
                join.parents().containsAll(List.of("start", "work")),
                join.parents().toString());
    }

    // ---------------------------------------------------------------- nested foreach

    @Test
    void nestedForeachIsOrderedTopologically() {
        assertEquals(
                List.of("start", "country", "train", "bestPerCountry", "summary", "end"),
                names(FlowGraph.of(NestedForeachFlow.class)));
    }

    @Test
    void nestedForeachStepsHaveTheirParents() {
        FlowGraph graph = FlowGraph.of(NestedForeachFlow.class);
        assertEquals(List.of("start"), graph.step("country").parents());
        assertEquals(List.of("country"), graph.step("train").parents());
        assertEquals(List.of("train"), graph.step("bestPerCountry").parents());
        assertEquals(List.of("bestPerCountry"), graph.step("summary").parents());
        assertEquals(List.of("summary"), graph.step("end").parents());
    }

    @Test
    void nestedForeachTransitionsNameTheirArtifacts() {
        FlowGraph graph = FlowGraph.of(NestedForeachFlow.class);
        assertEquals(
                new Transition.Foreach("countries", "country"),
                graph.step("start").transition());
        assertEquals(
                new Transition.Foreach("settings", "train"),
                graph.step("country").transition());
    }

    @Test
    void nestedForeachSplitsAreListedOutermostFirst() {
        FlowGraph graph = FlowGraph.of(NestedForeachFlow.class);
        assertEquals(List.of(), graph.step("start").splits());
        assertEquals(List.of(new Split("start", true)), graph.step("country").splits());
        assertEquals(
                List.of(new Split("start", true), new Split("country", true)),
                graph.step("train").splits());
        assertEquals(
                List.of(new Split("start", true)), graph.step("bestPerCountry").splits());
        assertEquals(List.of(), graph.step("summary").splits());
        assertEquals(List.of(), graph.step("end").splits());
    }

    @Test
    void nestedForeachJoinsCloseInnermostFirst() {
        FlowGraph graph = FlowGraph.of(NestedForeachFlow.class);
        assertEquals("country", graph.step("bestPerCountry").closes());
        assertEquals("start", graph.step("summary").closes());
        assertTrue(graph.step("bestPerCountry").join());
        assertTrue(graph.step("summary").join());
        assertFalse(graph.step("train").join());
        assertNull(graph.step("train").closes());
    }

    @Test
    void nestedForeachDepthCountsOpenForeaches() {
        FlowGraph graph = FlowGraph.of(NestedForeachFlow.class);
        assertEquals(0, graph.step("start").foreachDepth());
        assertEquals(1, graph.step("country").foreachDepth());
        assertEquals(2, graph.step("train").foreachDepth());
        assertEquals(1, graph.step("bestPerCountry").foreachDepth());
        assertEquals(0, graph.step("summary").foreachDepth());
        assertEquals(0, graph.step("end").foreachDepth());
    }

    // ---------------------------------------------------------------- branch inside foreach

    @Test
    void branchInsideForeachIsOrderedTopologically() {
        assertEquals(
                List.of("start", "process", "fast", "slow", "pick", "collect", "end"),
                names(FlowGraph.of(BranchInForeachFlow.class)));
    }

    @Test
    void branchInsideForeachArmsSeeBothSplits() {
        FlowGraph graph = FlowGraph.of(BranchInForeachFlow.class);
        List<Split> expected = List.of(new Split("start", true), new Split("process", false));
        assertEquals(expected, graph.step("fast").splits());
        assertEquals(expected, graph.step("slow").splits());
        assertEquals(1, graph.step("fast").foreachDepth());
    }

    @Test
    void branchInsideForeachIsClosedBeforeTheForeach() {
        FlowGraph graph = FlowGraph.of(BranchInForeachFlow.class);
        StepNode pick = graph.step("pick");
        assertEquals("process", pick.closes());
        assertEquals(List.of("fast", "slow"), pick.parents());
        assertEquals(List.of(new Split("start", true)), pick.splits());
        assertEquals(1, pick.foreachDepth());
        StepNode collect = graph.step("collect");
        assertEquals("start", collect.closes());
        assertEquals(List.of(), collect.splits());
        assertEquals(0, collect.foreachDepth());
    }

    // ---------------------------------------------------------------- settings

    @Test
    void resourcesAreReadFromTheAnnotation() {
        StepSettings settings = FlowGraph.of(SettingsFlow.class).step("train").settings();
        assertEquals(new StepSettings.Resources(8, 32768, 1, "big-gpu"), settings.resources());
    }

    @Test
    void tasksPerChildIsReadFromTheAnnotationWhateverTheStepsSize() {
        StepSettings settings = FlowGraph.of(SettingsFlow.class).step("train").settings();
        assertEquals(25, settings.tasksPerChild());
        assertEquals(25, settings.tasksPerChildFor(3));
        assertEquals(25, settings.tasksPerChildFor(1_000_000));
    }

    @Test
    void withoutBatchTheTasksPerChildGrowWithTheStepUpToAHundred() {
        StepSettings settings = FlowGraph.of(SettingsFlow.class).step("report").settings();
        assertEquals(StepSettings.AUTO_TASKS_PER_CHILD, settings.tasksPerChild());
        assertEquals(1, settings.tasksPerChildFor(1));
        assertEquals(1, settings.tasksPerChildFor(199), "under 200 tasks: a task per child, at least 100 children");
        assertEquals(20, settings.tasksPerChildFor(2_000));
        assertEquals(100, settings.tasksPerChildFor(10_000));
        assertEquals(100, settings.tasksPerChildFor(20_000));
    }

    @Test
    void retryIsReadFromTheAnnotation() {
        StepSettings settings = FlowGraph.of(SettingsFlow.class).step("train").settings();
        assertEquals(new StepSettings.RetryPolicy(5, 10), settings.retry());
    }

    @Test
    void timeoutSumsHoursMinutesAndSeconds() {
        StepSettings settings = FlowGraph.of(SettingsFlow.class).step("train").settings();
        assertEquals(Optional.of(Duration.ofHours(1).plusMinutes(30).plusSeconds(15)), settings.timeout());
    }

    @Test
    void catchVarIsReadFromTheAnnotation() {
        StepSettings settings = FlowGraph.of(SettingsFlow.class).step("train").settings();
        assertEquals(Optional.of("trainError"), settings.catchVar());
    }

    @Test
    void annotationsWithoutValuesUseTheirDefaults() {
        StepSettings settings = FlowGraph.of(SettingsFlow.class).step("report").settings();
        assertEquals(StepSettings.Resources.DEFAULT, settings.resources());
        assertEquals(new StepSettings.RetryPolicy(3, 2), settings.retry());
        assertEquals(Optional.empty(), settings.timeout());
        assertEquals(Optional.empty(), settings.catchVar());
    }

    @Test
    void stepWithoutAnnotationsHasDefaultSettings() {
        assertEquals(
                StepSettings.DEFAULT,
                FlowGraph.of(SettingsFlow.class).step("start").settings());
        assertEquals(StepSettings.RetryPolicy.NONE, StepSettings.DEFAULT.retry());
    }

    @Test
    void flowAnnotationGivesProjectAndSchedule() {
        FlowGraph graph = FlowGraph.of(SettingsFlow.class);
        assertEquals("forecasting", graph.project());
        assertEquals(Optional.of("0 3 * * ? *"), graph.schedule());
    }

    @Test
    void flowWithoutAnnotationIsInDefaultProjectWithoutSchedule() {
        FlowGraph graph = FlowGraph.of(LinearFlow.class);
        assertEquals("default", graph.project());
        assertEquals(Optional.empty(), graph.schedule());
    }

    // ---------------------------------------------------------------- parameters

    @Test
    void parametersAreListedByName() {
        List<String> names = FlowGraph.of(ParameterFlow.class).parameters().stream()
                .map(ParameterSpec::name)
                .sorted()
                .toList();
        assertEquals(List.of("boxedLimit", "dataset", "dryRun", "epochs", "learning-rate", "mode", "seed"), names);
    }

    @Test
    void parameterDefaultsComeFromFieldInitializers() {
        FlowGraph graph = FlowGraph.of(ParameterFlow.class);
        assertEquals(10, graph.parameter("epochs").orElseThrow().defaultValue());
        assertEquals(0.01, graph.parameter("learning-rate").orElseThrow().defaultValue());
        assertEquals(42L, graph.parameter("seed").orElseThrow().defaultValue());
        assertEquals(false, graph.parameter("dryRun").orElseThrow().defaultValue());
        assertEquals(Mode.THOROUGH, graph.parameter("mode").orElseThrow().defaultValue());
        assertEquals(7, graph.parameter("boxedLimit").orElseThrow().defaultValue());
    }

    @Test
    void parameterWithoutInitializerHasNoDefault() {
        ParameterSpec dataset =
                FlowGraph.of(ParameterFlow.class).parameter("dataset").orElseThrow();
        assertNull(dataset.defaultValue());
        assertTrue(dataset.required());
    }

    @Test
    void parameterTypesComeFromFields() {
        FlowGraph graph = FlowGraph.of(ParameterFlow.class);
        assertEquals(int.class, graph.parameter("epochs").orElseThrow().type());
        assertEquals(
                double.class, graph.parameter("learning-rate").orElseThrow().type());
        assertEquals(long.class, graph.parameter("seed").orElseThrow().type());
        assertEquals(boolean.class, graph.parameter("dryRun").orElseThrow().type());
        assertEquals(Mode.class, graph.parameter("mode").orElseThrow().type());
        assertEquals(String.class, graph.parameter("dataset").orElseThrow().type());
        assertEquals(Integer.class, graph.parameter("boxedLimit").orElseThrow().type());
    }

    @Test
    void parameterHelpAndRequiredComeFromTheAnnotation() {
        FlowGraph graph = FlowGraph.of(ParameterFlow.class);
        assertEquals(
                "how many epochs to train",
                graph.parameter("epochs").orElseThrow().help());
        assertEquals("", graph.parameter("seed").orElseThrow().help());
        assertFalse(graph.parameter("epochs").orElseThrow().required());
    }

    @Test
    void parameterNameCanDifferFromItsField() {
        FlowGraph graph = FlowGraph.of(ParameterFlow.class);
        ParameterSpec rate = graph.parameter("learning-rate").orElseThrow();
        assertEquals("learningRate", rate.field());
        assertEquals("step size", rate.help());
        assertEquals(Optional.empty(), graph.parameter("learningRate"));
    }

    @Test
    void parametersAreNotArtifacts() {
        List<String> artifacts = FlowGraph.of(ParameterFlow.class).artifacts().stream()
                .map(ArtifactSpec::name)
                .toList();
        assertEquals(List.of("model"), artifacts);
    }

    // ---------------------------------------------------------------- artifacts

    private static Map<String, String> artifactTypes(FlowGraph graph) {
        Map<String, String> types = new LinkedHashMap<>();
        graph.artifacts().forEach(a -> types.put(a.name(), a.typeName()));
        return types;
    }

    @Test
    void artifactsAreInstanceFieldsThatAreNeitherStaticTransientNorParameters() {
        assertEquals(
                List.of("cache", "count", "elapsed", "failure", "names", "scores", "weights"),
                artifactTypes(FlowGraph.of(ArtifactFlow.class)).keySet().stream()
                        .sorted()
                        .toList());
    }

    @Test
    void artifactsKeepTheirGenericTypes() {
        FlowGraph graph = FlowGraph.of(ArtifactFlow.class);
        ArtifactSpec scores = graph.artifacts().stream()
                .filter(a -> a.name().equals("scores"))
                .findFirst()
                .orElseThrow();
        assertEquals(
                "java.util.Map<java.lang.String, java.util.List<java.lang.Double>>",
                scores.type().getTypeName());
    }

    @Test
    void artifactTypeNamesDropCommonPackages() {
        Map<String, String> types = artifactTypes(FlowGraph.of(ArtifactFlow.class));
        assertEquals("List<String>", types.get("names"));
        assertEquals("Map<String, List<Double>>", types.get("scores"));
        assertEquals("int", types.get("count"));
        assertEquals("double[]", types.get("weights"));
        assertEquals("StepError", types.get("failure"));
    }

    @Test
    void artifactTypeNamesKeepOtherPackagesWhole() {
        Map<String, String> types = artifactTypes(FlowGraph.of(ArtifactFlow.class));
        assertEquals("java.time.Duration", types.get("elapsed"));
        assertEquals("java.util.concurrent.ConcurrentMap<String, Integer>", types.get("cache"));
    }

    @Test
    void stepsAndArtifactsAreInheritedFromASuperclass() {
        FlowGraph graph = FlowGraph.of(InheritingFlow.class);
        assertEquals(List.of("start", "work", "end"), names(graph));
        assertEquals(
                List.of("own", "shared"),
                graph.artifacts().stream().map(ArtifactSpec::name).sorted().toList());
    }

    // ---------------------------------------------------------------- downstreamOf

    @Test
    void downstreamOfStartIsTheWholeFlow() {
        FlowGraph graph = FlowGraph.of(NestedForeachFlow.class);
        assertEquals(names(graph), names(graph.downstreamOf("start")));
    }

    @Test
    void downstreamOfAStepIncludesItAndWhatFollowsInOrder() {
        FlowGraph graph = FlowGraph.of(NestedForeachFlow.class);
        assertEquals(List.of("train", "bestPerCountry", "summary", "end"), names(graph.downstreamOf("train")));
    }

    @Test
    void downstreamOfABranchArmSkipsTheOtherArm() {
        FlowGraph graph = FlowGraph.of(BranchFlow.class);
        assertEquals(List.of("left", "join", "end"), names(graph.downstreamOf("left")));
        assertEquals(List.of("right", "join", "end"), names(graph.downstreamOf("right")));
    }

    @Test
    void downstreamOfEndIsOnlyEnd() {
        assertEquals(List.of("end"), names(FlowGraph.of(BranchFlow.class).downstreamOf("end")));
    }

    @Test
    void downstreamOfAnUnknownStepIsRefused() {
        FlowGraph graph = FlowGraph.of(BranchFlow.class);
        assertThrows(IllegalArgumentException.class, () -> graph.downstreamOf("middle"));
    }

    @dev.cairn.flow.Flow(
            project = "demo",
            startAfter = {"Ingest", "Features"})
    public static class Downstream extends dev.cairn.flow.FlowSpec {
        @dev.cairn.flow.Step(next = "end")
        public void start() {}

        @dev.cairn.flow.Step
        public void end() {}
    }

    @dev.cairn.flow.Flow(startAfter = "SelfStart")
    public static class SelfStart extends dev.cairn.flow.FlowSpec {
        @dev.cairn.flow.Step(next = "end")
        public void start() {}

        @dev.cairn.flow.Step
        public void end() {}
    }

    @org.junit.jupiter.api.Test
    void flowsThatStartItAreRecordedInTheGraph() {
        org.junit.jupiter.api.Assertions.assertEquals(
                java.util.List.of("Ingest", "Features"),
                FlowGraph.of(Downstream.class).startAfter());
    }

    @org.junit.jupiter.api.Test
    void aFlowCannotStartAfterItself() {
        var e = org.junit.jupiter.api.Assertions.assertThrows(
                InvalidFlowException.class, () -> FlowGraph.of(SelfStart.class));
        org.junit.jupiter.api.Assertions.assertTrue(
                e.getMessage().contains("startAfter = \"SelfStart\""), e.getMessage());
    }
}
