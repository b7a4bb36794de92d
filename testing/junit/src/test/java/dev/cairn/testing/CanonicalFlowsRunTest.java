package dev.cairn.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.cairn.client.Cairn;
import dev.cairn.client.Run;
import dev.cairn.datastore.RunStatus;
import dev.cairn.flow.FlowSpec;
import dev.cairn.testing.flows.ArmToJoinFlow;
import dev.cairn.testing.flows.BoundedFlow;
import dev.cairn.testing.flows.BranchFlow;
import dev.cairn.testing.flows.BranchInForeachFlow;
import dev.cairn.testing.flows.CaughtFlow;
import dev.cairn.testing.flows.CountryScoresFlow;
import dev.cairn.testing.flows.FailingFlow;
import dev.cairn.testing.flows.FlakyFlow;
import dev.cairn.testing.flows.ForeachFlow;
import dev.cairn.testing.flows.GpuFlow;
import dev.cairn.testing.flows.GridFlow;
import dev.cairn.testing.flows.LinearFlow;
import dev.cairn.testing.flows.SlowFlow;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The canonical flows run locally to the outcome their documentation gives: the other modules' tests rely on it, and
 * the compiler's and the CDK's tests only compile some of them.
 */
@ExtendWith(CairnExtension.class)
class CanonicalFlowsRunTest {
    @ParameterizedTest
    @ValueSource(
            classes = {
                LinearFlow.class,
                BranchFlow.class,
                ArmToJoinFlow.class,
                BranchInForeachFlow.class,
                ForeachFlow.class,
                GridFlow.class,
                BoundedFlow.class,
                CountryScoresFlow.class,
                FlakyFlow.class,
                CaughtFlow.class,
                GpuFlow.class
            })
    void succeedsWithItsDefaults(Class<? extends FlowSpec> flow, Cairn cairn) throws Exception {
        assertEquals(RunStatus.SUCCEEDED, cairn.run(flow, Map.of()).status());
    }

    @ParameterizedTest
    @ValueSource(classes = {FailingFlow.class, SlowFlow.class})
    void failsWithItsDefaults(Class<? extends FlowSpec> flow, Cairn cairn) throws Exception {
        assertEquals(RunStatus.FAILED, cairn.run(flow, Map.of()).status());
    }

    @Test
    void theJoinOfAnArmStraightFromTheBranchSeesBothParents(Cairn cairn) throws Exception {
        Run run = cairn.run(ArmToJoinFlow.class, Map.of());

        assertEquals(11, run.step("join").task().artifact("total", Integer.class));
    }

    @Test
    void eachItemOfTheForeachPicksFromItsOwnArms(Cairn cairn) throws Exception {
        Run run = cairn.run(BranchInForeachFlow.class, Map.of());

        assertEquals(List.of(10, 20, 30), run.step("end").task().artifact("picks"));
        assertEquals(3, run.step("pick").tasks().size());
    }

    @Test
    void threeLevelsUnderTheirBoundsRunEveryCell(Cairn cairn) throws Exception {
        Run run = cairn.run(BoundedFlow.class, Map.of("regionCount", "3"));

        assertEquals(3 * 2 * 2, run.step("train").tasks().size());
        assertEquals(12, ((List<?>) run.step("end").task().artifact("cells")).size());
    }

    @Test
    void flakyFlowFailsOnceMoreThanItsRetriesAllow(Cairn cairn) throws Exception {
        Run run = cairn.run(FlakyFlow.class, Map.of("failures", "3"));

        assertEquals(RunStatus.FAILED, run.status());
        assertEquals("flaky 3", run.failedTask().orElseThrow().error().message());
    }
}
