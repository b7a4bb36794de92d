package dev.cairn.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
        name = "init",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Create a project for your own flows: a pom that imports cairn-bom, an example flow with a foreach and a"
                    + " join, its JUnit test and a ./cairn launcher that builds the project and runs its flows.",
            "It builds from the local Maven repository: run `./mvnw install -DskipTests` once in Cairn's folder first."
        },
        exitCodeListHeading = "Exit codes:%n",
        exitCodeList = {"0:created", "2:bad arguments, or DIR is not empty"})
final class InitCommand implements Callable<Integer> {
    @Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "DIR", description = "A new or empty folder; its name is the project's.")
    Path folder;

    @Option(
            names = "--package",
            paramLabel = "PACKAGE",
            description = "The flows' Java package, also the groupId (default: ${DEFAULT-VALUE}).")
    String packageName = "flows";

    @Option(
            names = "--flow",
            paramLabel = "NAME",
            description = "The example flow's class name (default: ${DEFAULT-VALUE}).")
    String flowName = "HelloFlow";

    @Override
    public Integer call() {
        NewFlowProject project = new NewFlowProject(folder, packageName, flowName);
        project.write();
        PrintWriter out = spec.commandLine().getOut();
        out.println("Created " + folder + ": Cairn " + NewFlowProject.cairnVersion() + " flows in package "
                + packageName + ", with " + flowName + " (a foreach and a join) and its test.");
        out.println("  cd " + folder);
        out.println("  ./cairn run " + flowName + "              # builds the project when it changed, then runs");
        out.println("  ./cairn show " + flowName + "/latest/end");
        out.println("  ./cairn card " + flowName + "/latest");
        out.println("  ./mvnw test                          # " + flowName + "Test, with CairnExtension");
        out.println("It builds against Cairn " + NewFlowProject.cairnVersion()
                + " in your local Maven repository: `./mvnw install -DskipTests` once in Cairn's folder.");
        out.flush();
        return 0;
    }
}
