package dev.cairn.flow.layout;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class PathNameTest {

    @Test
    void aTaskIdOfThreeThousandSegmentsIsRefusedNotAStackOverflow() {
        String hostile = IntStream.range(0, 3000).mapToObj(i -> "1").collect(Collectors.joining("-"));

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PathName.TASK.require(hostile));

        assertTrue(e.getMessage().contains("5999 characters long"), e.getMessage());
        assertTrue(e.getMessage().length() < 300, "the message quotes the start of the id, not all of it");
    }

    @Test
    void pathPartsAndEmptyNamesAreRefusedForEveryKind() {
        for (PathName kind : PathName.values()) {
            for (String bad : new String[] {"", "..", "a/b", "../user.bob", "-x", ".hidden", "a\\b", "a b"}) {
                assertFalse(kind.accepts(bad), kind + " accepted '" + bad + "'");
            }
            assertThrows(IllegalArgumentException.class, () -> kind.require(null));
        }
    }

    @Test
    void aBranchOfThreeHundredCharactersIsRefusedNamingTheLimit() {
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> PathName.BRANCH.require("b".repeat(300)));

        assertTrue(e.getMessage().startsWith("branch 'bbbb"), e.getMessage());
        assertTrue(e.getMessage().contains("1 to 128"), e.getMessage());
    }

    @Test
    void taskIdsAreDigitsJoinedBySingleDashes() {
        assertTrue(PathName.TASK.accepts("0"));
        assertTrue(PathName.TASK.accepts("0-3-17"));
        for (String bad : new String[] {"0-", "-0", "0--1", "0-a", "x"}) {
            assertFalse(PathName.TASK.accepts(bad), bad);
        }
        assertTrue(PathName.RUN.accepts("20261126-061530-4f2a9c"));
        assertTrue(PathName.BRANCH.accepts("user.alice_2"));
    }

    @Test
    void aLayoutRefusesARunIdThatLeavesItsBranch() {
        DatastoreLayout layout = new DatastoreLayout("demo", "user.alice", "CountryModels");

        assertThrows(
                IllegalArgumentException.class,
                () -> layout.runKey("../../../user.bob/CountryModels/runs/20261126-061530-4f2a9c"));
        assertThrows(IllegalArgumentException.class, () -> layout.taskKey("r1", "train", "0/../../x", 0));
    }
}
