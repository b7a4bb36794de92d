package dev.cairn.testing.flows;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cairn.flow.FlowSpec;
import dev.cairn.flow.internal.graph.FlowGraph;
import dev.cairn.flow.internal.graph.StepNode;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The flows are only worth sharing if each is a valid graph; the modules above run, compile and deploy them. */
class CanonicalFlowsTest {
    /** Every flow class of the package, found on disk, so that a flow added later is checked too. */
    static List<Class<? extends FlowSpec>> flows() throws IOException, URISyntaxException {
        Path classes = Path.of(LinearFlow.class
                .getProtectionDomain()
                .getCodeSource()
                .getLocation()
                .toURI());
        Path folder = classes.resolve(LinearFlow.class.getPackageName().replace('.', '/'));
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(f -> f.getFileName().toString())
                    .filter(f -> f.endsWith(".class") && !f.contains("$"))
                    .map(f -> load(LinearFlow.class.getPackageName() + "." + f.replace(".class", "")))
                    .filter(FlowSpec.class::isAssignableFrom)
                    .<Class<? extends FlowSpec>>map(c -> c.asSubclass(FlowSpec.class))
                    .toList();
        }
    }

    private static Class<?> load(String name) {
        try {
            return Class.forName(name);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void thePackageDocumentationListsEveryFlow() throws Exception {
        String table = Files.readString(Path.of("src/main/java/dev/cairn/testing/flows/package-info.java"));
        for (Class<? extends FlowSpec> flow : flows()) {
            assertTrue(table.contains("{@link " + flow.getSimpleName() + "}"), flow.getSimpleName());
        }
    }

    @ParameterizedTest
    @MethodSource("flows")
    void eachFlowIsAValidGraphInProjectTestsFromStartToEnd(Class<? extends FlowSpec> flow) {
        FlowGraph graph = FlowGraph.of(flow);

        assertEquals("tests", graph.project());
        assertEquals(flow.getSimpleName(), graph.name());
        List<String> steps = graph.steps().stream().map(StepNode::name).toList();
        assertEquals(FlowGraph.START, steps.get(0));
        assertEquals(FlowGraph.END, steps.get(steps.size() - 1));
        assertTrue(steps.size() >= 2, steps::toString);
    }
}
