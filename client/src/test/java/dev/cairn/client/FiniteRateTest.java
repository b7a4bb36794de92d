package dev.cairn.client;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cairn.flow.Flow;
import dev.cairn.flow.FlowSpec;
import dev.cairn.flow.Parameter;
import dev.cairn.flow.Step;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code Cairn.local(...).run} refuses a double parameter that is not a finite number, as the CLI does. */
class FiniteRateTest {
    @TempDir
    Path root;

    @Flow(project = "clienttests")
    public static class Rated extends FlowSpec {
        @Parameter
        double rate = 0.5;

        @Step(next = "end")
        public void start() {}

        @Step
        public void end() {}
    }

    @ParameterizedTest
    @ValueSource(strings = {"NaN", "Infinity", "1e400"})
    void aRateThatIsNotAFiniteNumberIsRefusedBeforeAnythingRuns(String rate) {
        Cairn cairn = Cairn.local(root).branch("test.rates");
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> cairn.run(Rated.class, Map.of("rate", rate)));
        assertTrue(e.getMessage().contains("parameter --rate expects a double (a finite number)"), e.getMessage());
        assertTrue(cairn.client().flows().isEmpty(), "nothing was written");
    }

    @Test
    void theLargestRatesRun() throws Exception {
        Run run = Cairn.local(root).branch("test.rates").run(Rated.class, Map.of("rate", "1e300"));
        assertTrue(run.status() == dev.cairn.datastore.RunStatus.SUCCEEDED, run.toString());
    }
}
