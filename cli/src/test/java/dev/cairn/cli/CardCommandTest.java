package dev.cairn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cairn.client.Cairn;
import dev.cairn.flow.layout.PathName;
import dev.cairn.testing.CairnDatastore;
import dev.cairn.testing.CairnExtension;
import dev.cairn.testing.flows.BranchFlow;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** {@code cairn card} end to end, in-process. */
@ExtendWith(CairnExtension.class)
class CardCommandTest {
    @TempDir
    Path dir;

    private String[] cairn(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = CairnCli.execute(Map.of(), new PrintWriter(out), new PrintWriter(err), args);
        return new String[] {String.valueOf(code), out.toString(), err.toString()};
    }

    @Test
    void writesTheCardToOutAndPrintsItsPath(Cairn cairn, @CairnDatastore Path root) throws Exception {
        cairn.run(BranchFlow.class, Map.of());
        Path out = dir.resolve("card.html");

        String[] result = cairn(
                "card",
                "BranchFlow/latest",
                "--out",
                out.toString(),
                "--datastore",
                root.toString(),
                "--branch",
                CairnExtension.BRANCH);

        assertEquals("0", result[0], result[2]);
        assertEquals(out.toAbsolutePath().toString(), result[1].strip());
        Document doc = Jsoup.parse(Files.readString(out));
        assertEquals(5, doc.select("svg.graph g.step").size());
    }

    @Test
    void withoutOutTheCardGoesToAFolderNoProjectCanBeNamed(Cairn cairn, @CairnDatastore Path root) throws Exception {
        cairn.run(BranchFlow.class, Map.of());

        String[] result =
                cairn("card", "BranchFlow/latest", "--datastore", root.toString(), "--branch", CairnExtension.BRANCH);

        assertEquals("0", result[0], result[2]);
        Path card = Path.of(result[1].strip());
        assertEquals(root.resolve("_cards").toAbsolutePath(), card.getParent().toAbsolutePath());
        assertTrue(Files.isRegularFile(card), card.toString());
        assertFalse(PathName.PROJECT.accepts(card.getParent().getFileName().toString()));
    }

    @Test
    void unknownRunIsAUsageError(Cairn cairn, @CairnDatastore Path root) throws Exception {
        cairn.run(BranchFlow.class, Map.of());

        String[] result = cairn(
                "card",
                "BranchFlow/nope",
                "--out",
                dir.resolve("x.html").toString(),
                "--datastore",
                root.toString(),
                "--branch",
                CairnExtension.BRANCH);

        assertEquals("2", result[0]);
        assertTrue(result[2].contains("has no run nope"), result[2]);
    }
}
