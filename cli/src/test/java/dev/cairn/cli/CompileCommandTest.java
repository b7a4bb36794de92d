package dev.cairn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CompileCommandTest {
    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int cairn(String... args) {
        var cli = CairnCli.commandLine();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        return cli.execute(args);
    }

    @Test
    void printsTheDefinitionWithAStatePerStep() throws Exception {
        assertEquals(0, cairn("compile", "CrashFlow", "--bucket", "my-bucket", "--branch", "prod"));
        JsonNode asl = new ObjectMapper().readTree(out.toString());
        assertTrue(asl.get("States").has("start"), out.toString());
        assertTrue(asl.get("States").has("join"), out.toString());
        assertTrue(asl.get("Comment").asText().contains("items"), "the input shape names the flow's parameters");
    }

    @Test
    void writesTheDefinitionToAFile() throws Exception {
        Path file = dir.resolve("crash.asl.json");
        assertEquals(0, cairn("compile", "CrashFlow", "--out", file.toString()));
        assertTrue(Files.readString(file).contains("arn:aws:states:::batch:submitJob.sync"));
        assertTrue(err.toString().contains("wrote " + file), err.toString());
    }

    @Test
    void fanOutBeyondTheHistoryLimitIsRefusedWithExitCode2() {
        // 10^10 cells: 10,000 array jobs even at 100 tasks per child
        assertEquals(2, cairn("compile", "GridFlow", "--max-items", "start=100000,row=100000"));
        assertTrue(err.toString().contains("25,000") || err.toString().contains("25000"), err.toString());
    }

    @Test
    void maxItemsForAStepTheFlowDoesNotHaveIsRefused() {
        assertEquals(2, cairn("compile", "CrashFlow", "--max-items", "nope=3"));
        assertTrue(err.toString().contains("--max-items takes STEP=N"), err.toString());
    }
}
