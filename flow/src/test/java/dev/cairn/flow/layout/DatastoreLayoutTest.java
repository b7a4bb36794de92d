package dev.cairn.flow.layout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class DatastoreLayoutTest {
    private final DatastoreLayout layout = new DatastoreLayout("demo", "user.alice", "CountryModels");

    @Test
    void everyKeyOfAFlowIsUnderItsPrefix() {
        assertEquals("demo/user.alice/CountryModels", layout.flowPrefix());
        assertEquals("demo/user.alice/CountryModels/runs/r1/run.json", layout.runKey("r1"));
        assertEquals("demo/user.alice/CountryModels/runs/r1/train/0-3/1.json", layout.taskKey("r1", "train", "0-3", 1));
        assertEquals("demo/user.alice/CountryModels/runs/r1/train/0-3/files", layout.filesPrefix("r1", "train", "0-3"));
        assertEquals(
                "demo/user.alice/CountryModels/runs/r1/_plans/train.summary.json",
                layout.planSummaryKey("r1", "train"));
        assertTrue(layout.planKey("r1", "train").startsWith(layout.runsPrefix()));
    }

    @Test
    void modelsLiveBesideTheDatastorePrefixNotUnderIt() {
        String key = DatastoreLayout.modelsRoot("/cairn/") + "/" + layout.modelKey("r1", "best", "0-0", "model");
        assertEquals("cairn-models/demo/user.alice/CountryModels/r1/best/0-0/model/model.tar.gz", key);
        assertTrue(!key.startsWith("cairn/"));
        assertThrows(IllegalArgumentException.class, () -> DatastoreLayout.modelsRoot(""));
    }

    @Test
    void keysGoBelowABucketPrefixOrAtTheRoot() {
        assertEquals("cairn/demo/user.alice/CountryModels", DatastoreLayout.under("cairn", layout.flowPrefix()));
        assertEquals("demo/user.alice/CountryModels", DatastoreLayout.under("", layout.flowPrefix()));
    }

    @Test
    void namesThatCouldEscapeTheirFolderAreRefused() {
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> new DatastoreLayout("demo", "../prod", "F"));
        assertTrue(e.getMessage().contains("cannot name a datastore folder"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new DatastoreLayout("demo", "prod", "a/b"));
    }

    @Test
    void noProjectBranchOrFlowNameReachesTheReservedFolders() {
        for (String reserved : new String[] {DatastoreLayout.SHARED, DatastoreLayout.SERVING, DatastoreLayout.CARDS}) {
            assertThrows(IllegalArgumentException.class, () -> new DatastoreLayout(reserved, "prod", "F"));
            assertThrows(IllegalArgumentException.class, () -> new DatastoreLayout("demo", reserved, "F"));
            assertThrows(IllegalArgumentException.class, () -> new DatastoreLayout("demo", "prod", reserved));
            assertThrows(IllegalArgumentException.class, () -> DatastoreLayout.servingPrefix("demo", reserved));
        }
    }

    @Test
    void aServingDeploymentWritesInItsProjectsServingFolderOutsideEveryBranch() {
        assertEquals("demo/_serving/churn", DatastoreLayout.servingPrefix("demo", "churn"));
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> DatastoreLayout.servingPrefix("demo", "../prod"));
        assertTrue(e.getMessage().startsWith("deployment '../prod'"), e.getMessage());
    }
}
