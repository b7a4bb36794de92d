package dev.cairn.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.cairn.client.Cairn;
import dev.cairn.client.Run;
import dev.cairn.client.Task;
import dev.cairn.datastore.RunStatus;
import dev.cairn.testing.flows.BranchFlow;
import dev.cairn.testing.flows.FailingFlow;
import dev.cairn.testing.flows.LinearFlow;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.platform.engine.discovery.DiscoverySelectors;
import org.junit.platform.engine.reporting.ReportEntry;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

@ExtendWith(CairnExtension.class)
class CairnExtensionTest {
    private static final String FIXTURE = "a fixture the tests of CairnExtensionTest launch";

    /** The datastore each fixture test saw, by test name. */
    static final Map<String, Path> SEEN = new ConcurrentHashMap<>();

    @Test
    void runsACanonicalFlowAndReturnsItsRun(Cairn cairn) throws Exception {
        Run run = cairn.run(LinearFlow.class, Map.of("epochs", "5"));

        assertEquals(RunStatus.SUCCEEDED, run.status());
        assertEquals(Map.of("epochs", 5), run.parameters());
        assertEquals("trained for 5 epochs", run.step("train").task().artifact("model", String.class));
    }

    @Test
    void aFailedRunIsReturnedForTheTestToRead(Cairn cairn) throws Exception {
        Run run = cairn.run(FailingFlow.class, Map.of());

        assertEquals(RunStatus.FAILED, run.status());
        Task failed = run.failedTask().orElseThrow();
        assertEquals("boom", failed.step());
        assertEquals("about to fail\n", failed.stderr());
    }

    @Test
    void theCairnAndTheFolderAreOneFreshDatastore(Cairn cairn, @CairnDatastore Path datastore) throws Exception {
        try (Stream<Path> files = Files.list(datastore)) {
            assertEquals(List.of(), files.toList(), "nothing from another test");
        }

        cairn.run(BranchFlow.class, Map.of());

        assertTrue(Files.isDirectory(datastore.resolve("tests/" + CairnExtension.BRANCH + "/BranchFlow")));
        assertEquals(
                List.of("BranchFlow"),
                cairn.client().flows().stream().map(f -> f.name()).toList());
    }

    @Test
    void aPassingTestsDatastoreIsDeletedAndAFailingTestsIsKeptAndReported() throws Exception {
        List<ReportEntry> reports = new CopyOnWriteArrayList<>();

        TestExecutionSummary summary = launch(PerTest.class, reports);

        assertEquals(2, summary.getTestsStartedCount());
        assertEquals(1, summary.getTestsFailedCount());
        Path passed = SEEN.get("passes");
        Path failed = SEEN.get("fails");
        assertNotEquals(passed, failed, "each test has its own datastore");
        assertFalse(Files.exists(passed), "deleted after the test passed");
        try {
            assertTrue(Files.isDirectory(failed.resolve("tests/" + CairnExtension.BRANCH + "/FailingFlow")));
            assertEquals(
                    List.of(failed.toString()),
                    reports.stream()
                            .map(r -> r.getKeyValuePairs().get(CairnExtension.REPORT_KEY))
                            .toList());
        } finally {
            TestDatastore.deleteTree(failed);
        }
    }

    @Test
    void aDatastoreMadeInBeforeAllServesTheClassAndIsDeletedWhenAllPass() {
        TestExecutionSummary summary = launch(PerClass.class, new CopyOnWriteArrayList<>());

        assertEquals(
                0, summary.getTotalFailureCount(), () -> summary.getFailures().toString());
        Path beforeAll = SEEN.get("beforeAll");
        assertEquals(beforeAll, SEEN.get("readsTheRun"));
        assertEquals(beforeAll, SEEN.get("runsAnother"));
        assertFalse(Files.exists(beforeAll));
    }

    @Test
    void aClassDatastoreIsKeptWhenOneOfItsTestsFails() throws Exception {
        List<ReportEntry> reports = new CopyOnWriteArrayList<>();

        TestExecutionSummary summary = launch(PerClassFailing.class, reports);

        assertEquals(1, summary.getTestsFailedCount());
        Path beforeAll = SEEN.get("beforeAll");
        try {
            assertEquals(beforeAll, SEEN.get("fails"));
            assertTrue(Files.isDirectory(beforeAll.resolve("tests/" + CairnExtension.BRANCH + "/LinearFlow")));
            assertEquals(1, reports.size(), reports::toString);
        } finally {
            TestDatastore.deleteTree(beforeAll);
        }
    }

    private static TestExecutionSummary launch(Class<?> fixture, List<ReportEntry> reports) {
        SEEN.clear();
        SummaryGeneratingListener summary = new SummaryGeneratingListener();
        TestExecutionListener reported = new TestExecutionListener() {
            @Override
            public void reportingEntryPublished(TestIdentifier test, ReportEntry entry) {
                reports.add(entry);
            }
        };
        LauncherFactory.create()
                .execute(
                        LauncherDiscoveryRequestBuilder.request()
                                .selectors(DiscoverySelectors.selectClass(fixture))
                                .configurationParameter(
                                        "junit.jupiter.conditions.deactivate", "org.junit.*DisabledCondition")
                                .build(),
                        summary,
                        reported);
        return summary.getSummary();
    }

    // Fixtures the tests above launch with @Disabled deactivated: a test run of their own skips them.

    @Disabled(FIXTURE)
    @ExtendWith(CairnExtension.class)
    static class PerTest {
        @Test
        void passes(Cairn cairn, @CairnDatastore Path datastore) throws Exception {
            SEEN.put("passes", datastore);
            assertEquals(
                    RunStatus.SUCCEEDED, cairn.run(LinearFlow.class, Map.of()).status());
        }

        @Test
        void fails(Cairn cairn, @CairnDatastore Path datastore) throws Exception {
            SEEN.put("fails", datastore);
            cairn.run(FailingFlow.class, Map.of());
            fail("fails on purpose, after a run");
        }
    }

    @Disabled(FIXTURE)
    @ExtendWith(CairnExtension.class)
    static class PerClass {
        static Run run;

        @BeforeAll
        static void runOnce(Cairn cairn, @CairnDatastore Path datastore) throws Exception {
            SEEN.put("beforeAll", datastore);
            run = cairn.run(LinearFlow.class, Map.of());
        }

        @Test
        void readsTheRun(@CairnDatastore Path datastore) {
            SEEN.put("readsTheRun", datastore);
            assertEquals(RunStatus.SUCCEEDED, run.status());
        }

        @Test
        void runsAnother(Cairn cairn, @CairnDatastore Path datastore) throws Exception {
            SEEN.put("runsAnother", datastore);
            cairn.run(BranchFlow.class, Map.of());
            assertEquals(2, cairn.client().flows().size());
        }
    }

    @Disabled(FIXTURE)
    @ExtendWith(CairnExtension.class)
    static class PerClassFailing {
        @BeforeAll
        static void runOnce(Cairn cairn, @CairnDatastore Path datastore) throws Exception {
            SEEN.put("beforeAll", datastore);
            cairn.run(LinearFlow.class, Map.of());
        }

        @Test
        void fails(@CairnDatastore Path datastore) {
            SEEN.put("fails", datastore);
            fail("fails on purpose");
        }
    }
}
