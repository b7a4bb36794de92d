package dev.cairn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Every command's usage help renders as written: picocli only warns (on stderr) about a description it cannot format. */
class UsageHelpTest {

    @Test
    void everyCommandsUsageHelpRendersWithoutPicocliWarnings() {
        List<CommandLine> commands = new ArrayList<>();
        collect(CairnCli.commandLine(), commands);

        String warnings = picocliWarningsWhile(() -> {
            for (CommandLine command : commands) {
                StringWriter help = new StringWriter();
                command.usage(new PrintWriter(help));
                assertFalse(help.toString().isBlank(), command.getCommandName() + " has no usage help");
            }
        });

        assertEquals("", warnings, "picocli could not render some usage help (an unescaped % is written %%)");
    }

    /** The check can fail: a description with a lone % is reported. */
    @Test
    void anUnescapedPercentIsReported() {
        CommandLine broken = new CommandLine(CommandLine.Model.CommandSpec.create()
                .usageMessage(new CommandLine.Model.UsageMessageSpec().description("with a 95% interval")));

        String warnings = picocliWarningsWhile(() -> broken.usage(new PrintWriter(new StringWriter())));

        assertFalse(warnings.isEmpty());
    }

    private static void collect(CommandLine command, List<CommandLine> into) {
        into.add(command);
        command.getSubcommands().values().forEach(sub -> collect(sub, into));
    }

    /** The lines picocli's tracer printed while {@code action} ran: it prints to whatever System.err is then. */
    private static String picocliWarningsWhile(Runnable action) {
        PrintStream original = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            action.run();
        } finally {
            System.setErr(original);
        }
        return captured.toString(StandardCharsets.UTF_8)
                .lines()
                .filter(line -> line.startsWith("[picocli "))
                .collect(Collectors.joining("\n"));
    }
}
