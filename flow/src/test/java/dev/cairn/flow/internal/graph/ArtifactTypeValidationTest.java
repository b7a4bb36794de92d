package dev.cairn.flow.internal.graph;

import static dev.cairn.flow.internal.graph.InvalidFlows.assertOnlyProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.cairn.flow.FlowSpec;
import dev.cairn.flow.Step;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** Artifact types are checked from the fields' declared types, before any step runs. */
class ArtifactTypeValidationTest {

    sealed interface Shape permits Circle, Square, Polygon {}

    record Circle(double radius) implements Shape {}

    record Square(double side) implements Shape {}

    sealed interface Polygon extends Shape permits Triangle {}

    record Triangle(double a, double b, double c) implements Polygon {}

    record Summary(String country, Instant when, Optional<Double> auc, OptionalDouble loss) {}

    record Tree(String label, List<Tree> children) {}

    record Pair<A, B>(A first, B second) {}

    enum Kind {
        LINEAR
    }

    /** Not plain data, but a registered ArtifactCodec may store it as a field of its own. */
    static final class NativeModel {}

    public static class PlainTypes extends FlowSpec {
        Shape shape;
        List<Shape> shapes;
        Map<String, Optional<Shape>> byName;
        Summary summary;
        List<Summary> summaries;
        Instant started;
        ZonedDateTime local;
        Optional<String> note;
        Tree tree;
        Pair<String, List<Circle>> pair;
        Map<String, Object> metrics;
        List<List<Object>> rows;
        Map<Kind, Integer> counts;
        Map<Integer, Double> byIndex;
        ArrayList<String> mutable;
        TreeMap<String, Integer> sorted;
        Set<Kind> kinds;
        byte[] bytes;
        double[][] matrix;
        NativeModel model;

        @Step(next = "end")
        public void start() {}

        @Step
        public void end() {}
    }

    @Test
    void plainDataAndSealedInterfacesOfRecordsAreAccepted() {
        assertEquals(20, FlowGraph.of(PlainTypes.class).artifacts().size());
    }

    record Stamped(String name, Date when) {}

    public static class RecordWithADate extends FlowSpec {
        List<Stamped> stamps;

        @Step(next = "end")
        public void start() {}

        @Step
        public void end() {}
    }

    @Test
    void aRecordComponentThatCannotBeStoredIsNamedWithItsRecord() {
        assertOnlyProblem(
                RecordWithADate.class,
                "stamps",
                "artifact `stamps` (List<Stamped>)",
                "record Stamped component `when` is java.util.Date",
                "not plain data");
    }

    public static class ObjectField extends FlowSpec {
        Object handle;

        @Step(next = "end")
        public void start() {}

        @Step
        public void end() {}
    }

    @Test
    void aFieldDeclaredObjectIsRefusedRatherThanReadBackAsAMap() {
        assertOnlyProblem(ObjectField.class, "handle", "the field is Object", "a record as a Map", "declare the type");
    }

    interface Model {}

    record Linear(double slope) implements Model {}

    public static class InterfaceField extends FlowSpec {
        Model model;

        @Step(next = "end")
        public void start() {}

        @Step
        public void end() {}
    }

    @Test
    void anInterfaceThatIsNotSealedIsRefused() {
        assertOnlyProblem(
                InterfaceField.class,
                "model",
                "the field is Model, an interface that is not sealed",
                "nothing says which class to read back",
                "sealed interface Model permits");
    }

    record Scored(String name, Model model) {}

    public static class InterfaceInARecord extends FlowSpec {
        Scored scored;

        @Step(next = "end")
        public void start() {}

        @Step
        public void end() {}
    }

    @Test
    void anInterfaceInsideARecordIsNamedByItsComponent() {
        assertOnlyProblem(InterfaceInARecord.class, "scored", "record Scored component `model`", "not sealed");
    }

    sealed interface Answer permits Yes, No {}

    record Yes() implements Answer {}

    static final class No implements Answer {}

    public static class SealedWithAClass extends FlowSpec {
        Answer answer;

        @Step(next = "end")
        public void start() {}

        @Step
        public void end() {}
    }

    @Test
    void aSealedInterfacePermittingAClassIsRefusedNamingIt() {
        assertOnlyProblem(
                SealedWithAClass.class, "answer", "permits " + No.class.getName(), "not a record", "make No a record");
    }

    static final class Outer {
        record Point(int x) implements Located {}
    }

    record Point(int x, int y) implements Located {}

    sealed interface Located permits Point, Outer.Point {}

    public static class SealedWithTwoRecordsOfOneName extends FlowSpec {
        Located where;

        @Step(next = "end")
        public void start() {}

        @Step
        public void end() {}
    }

    @Test
    void sealedRecordsSharingASimpleNameAreRefused() {
        assertOnlyProblem(SealedWithTwoRecordsOfOneName.class, "where", "share the name Point", "rename one");
    }

    public static class RecordKeys extends FlowSpec {
        Map<Circle, Double> areas;

        @Step(next = "end")
        public void start() {}

        @Step
        public void end() {}
    }

    @Test
    void aMapKeyJsonCannotKeepIsRefused() {
        assertOnlyProblem(RecordKeys.class, "areas", "a key of Map<", "key the map by String, an enum or a number");
    }

    public static class ConcreteListInAList extends FlowSpec {
        List<ArrayList<String>> groups;

        @Step(next = "end")
        public void start() {}

        @Step
        public void end() {}
    }

    @Test
    void aConcreteCollectionInsideAReadOnlyCopyIsRefused() {
        assertOnlyProblem(ConcreteListInAList.class, "groups", "an element of List<", "read-only", "List, Set");
    }

    public static class GenericRecordOfADate extends FlowSpec {
        Pair<String, Date> dated;

        @Step(next = "end")
        public void start() {}

        @Step
        public void end() {}
    }

    @Test
    void aGenericRecordIsCheckedWithItsTypeArguments() {
        assertOnlyProblem(GenericRecordOfADate.class, "dated", "record Pair component `second` is java.util.Date");
    }
}
