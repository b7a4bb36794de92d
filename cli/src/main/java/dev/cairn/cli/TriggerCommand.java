package dev.cairn.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.datastore.aws.AwsEnvironment;
import dev.cairn.flow.internal.graph.FlowGraph;
import dev.cairn.flow.layout.PathName;
import dev.cairn.formats.Json;
import dev.cairn.runtime.local.RunIds;
import dev.cairn.runtime.task.RunParameters;
import dev.cairn.statemachines.DeploymentSettings;
import java.io.PrintWriter;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Unmatched;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.SfnClientBuilder;
import software.amazon.awssdk.services.sfn.model.StartExecutionResponse;

@Command(
        name = "trigger",
        sortOptions = false,
        description = {
            "Start a run of a deployed flow: an execution of its Step Functions state machine's `live` alias.",
            "Flow parameters follow the flow's name and are checked here first: cairn trigger CountryModels --branch prod --countries 5.",
            "Prints the run id (the execution's name) and the execution's console link."
        },
        exitCodeListHeading = "Exit codes:%n",
        exitCodeList = {
            "0:the execution started",
            "1:the Step Functions call failed",
            "2:bad arguments or parameters (nothing was started)"
        })
final class TriggerCommand implements Callable<Integer> {
    /** Environment variable naming a Step Functions endpoint to call instead of AWS's (a local emulator, a test server). */
    static final String ENDPOINT_ENV = "CAIRN_SFN_ENDPOINT";

    static final String ALIAS = "live";

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(
            index = "0",
            arity = "0..1",
            paramLabel = "FLOW",
            description = "Simple class name of the flow, e.g. CountryModels.")
    String flow;

    @Option(
            names = "--branch",
            paramLabel = "NAME",
            description =
                    "Branch the flow is deployed in: prod, user.<name>, test.<name> (default: $CAIRN_BRANCH or user.$USER).")
    String branch;

    @Option(
            names = "--project",
            paramLabel = "NAME",
            description = "Project the flow is deployed under (default: the flow's @Flow(project)).")
    String project;

    @Option(
            names = "--region",
            paramLabel = "REGION",
            description =
                    "AWS region (default: the one in --state-machine-arn, else $AWS_REGION, $AWS_DEFAULT_REGION, us-east-1).")
    String region;

    @Option(
            names = "--account",
            paramLabel = "ID",
            description = "AWS account id the flow is deployed in (default: $CAIRN_AWS_ACCOUNT).")
    String account;

    @Option(
            names = "--state-machine-arn",
            paramLabel = "ARN",
            description =
                    "State machine (or alias) ARN to start, instead of the `live` alias named from account, region, project, branch and flow.")
    String stateMachineArn;

    @Option(
            names = "--from-run",
            paramLabel = "RUN",
            description = "Resume this earlier run: steps it finished are reused.")
    String fromRun;

    @Option(names = "--from-step", paramLabel = "STEP", description = "With --from-run: rerun from this step on.")
    String fromStep;

    @Option(
            names = {"-h", "--help"},
            description = "Show this help, and the flow's parameters when FLOW is given.")
    boolean help;

    @Unmatched
    List<String> flowArgs = new ArrayList<>();

    /** The process environment ($CAIRN_SFN_ENDPOINT, $AWS_REGION, credentials, $CAIRN_AWS_ACCOUNT); tests set their own. */
    Map<String, String> env = System.getenv();

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        if (flow == null) {
            spec.commandLine().usage(out);
            return help ? 0 : CairnCli.USAGE;
        }
        FlowGraph graph = RunCommand.graph(flow);
        if (help) {
            spec.commandLine().usage(out);
            out.print(FlowArguments.help(graph));
            out.flush();
            return 0;
        }
        // everything the user gave is checked before any call to AWS
        Map<String, String> given = FlowArguments.parse(graph, flowArgs);
        RunParameters.resolve(graph, given);
        String branchName = DatastoreOptions.branch(branch);
        String projectProblem = project == null ? null : PathName.PROJECT.problem(project);
        if (projectProblem != null) {
            throw new UserError("--project: " + projectProblem);
        }
        ObjectNode input = input(graph, given, fromRun, fromStep);
        String target = stateMachineArn != null ? stateMachineArn : liveAliasArn(graph, branchName);
        Region regionOfCall = Region.of(regionOf(target));
        String runId = RunIds.next();

        StartExecutionResponse started;
        try (SfnClient sfn = client(regionOfCall)) {
            started = sfn.startExecution(
                    b -> b.stateMachineArn(target).name(runId).input(input.toString()));
        } catch (SdkException e) {
            PrintWriter err = spec.commandLine().getErr();
            err.println("cairn: could not start " + graph.name() + " (" + target + "): " + e.getMessage());
            err.flush();
            return CairnCli.RUN_FAILED;
        }
        out.printf("Started %s on branch %s: run %s%n", graph.name(), branchName, runId);
        out.println("Execution: " + started.executionArn());
        out.println("Console:   " + consoleLink(regionOfCall.id(), started.executionArn()));
        out.printf(
                "When it has written its run: %s runs %s --branch %s --datastore s3://BUCKET/PREFIX%n",
                CairnCli.command(), graph.name(), branchName);
        out.flush();
        return 0;
    }

    /** The execution input: {"parameters": {given, typed}, "resume": {"originRun", "fromStep"}} (resume only when asked). */
    static ObjectNode input(FlowGraph graph, Map<String, String> given, String fromRun, String fromStep) {
        if (fromStep != null && fromRun == null) {
            throw new UserError("--from-step needs --from-run: the run to resume");
        }
        if (fromStep != null && !graph.hasStep(fromStep)) {
            throw new UserError("--from-step " + fromStep + ": flow " + graph.name() + " has no such step");
        }
        ObjectNode input = Json.PLAIN.createObjectNode();
        ObjectNode parameters = input.putObject("parameters");
        Map<String, Object> typed = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : given.entrySet()) {
            typed.put(e.getKey(), graph.parameter(e.getKey()).orElseThrow().parse(e.getValue()));
        }
        typed.forEach((name, value) -> {
            // the step runner takes strings, numbers and booleans
            if (value instanceof Number || value instanceof Boolean) {
                parameters.set(name, Json.PLAIN.valueToTree(value));
            } else {
                parameters.put(name, value instanceof Enum<?> en ? en.name() : String.valueOf(value));
            }
        });
        if (fromRun != null) {
            ObjectNode resume = input.putObject("resume").put("originRun", fromRun);
            if (fromStep != null) {
                resume.put("fromStep", fromStep);
            }
        }
        return input;
    }

    /** {@code arn:aws:states:<region>:<account>:stateMachine:<name>:live}, named as the compiler's deployment settings name it. */
    private String liveAliasArn(FlowGraph graph, String branchName) {
        String accountId = account != null ? account : env.get("CAIRN_AWS_ACCOUNT");
        if (accountId == null || accountId.isBlank()) {
            throw new UserError(
                    "which AWS account is " + graph.name() + " deployed in? give --account ID (or $CAIRN_AWS_ACCOUNT),"
                            + " or the alias itself with --state-machine-arn (the flow stack's output)");
        }
        if (!accountId.matches("\\d{12}")) {
            throw new UserError("--account " + accountId + " is not a 12-digit AWS account id");
        }
        String regionId = region != null ? region : AwsEnvironment.region(env).id();
        DeploymentSettings.Builder settings =
                DeploymentSettings.builder("unused").branch(branchName);
        if (project != null) {
            settings.project(project);
        }
        return "arn:" + partition(regionId) + ":states:" + regionId + ":" + accountId + ":stateMachine:"
                + settings.build().stateMachineName(graph) + ":" + ALIAS;
    }

    /** The region of the call: --region, else the ARN's, else the environment's. */
    private String regionOf(String arn) {
        if (region != null) {
            return region;
        }
        String[] parts = arn.split(":");
        if (parts.length < 6 || !parts[0].equals("arn") || !parts[2].equals("states")) {
            throw new UserError("--state-machine-arn " + arn + " is not a Step Functions state machine ARN"
                    + " (arn:aws:states:REGION:ACCOUNT:stateMachine:NAME[:ALIAS])");
        }
        return parts[3].isEmpty() ? AwsEnvironment.region(env).id() : parts[3];
    }

    private static String partition(String region) {
        return region.startsWith("cn-") ? "aws-cn" : region.startsWith("us-gov-") ? "aws-us-gov" : "aws";
    }

    private SfnClient client(Region regionOfCall) {
        SfnClientBuilder builder = SfnClient.builder()
                .region(regionOfCall)
                .credentialsProvider(AwsEnvironment.credentials(env))
                .httpClientBuilder(UrlConnectionHttpClient.builder()
                        .connectionTimeout(Duration.ofSeconds(10))
                        .socketTimeout(Duration.ofSeconds(60)));
        String endpoint = env.get(ENDPOINT_ENV);
        if (endpoint != null && !endpoint.isBlank()) {
            builder.endpointOverride(URI.create(endpoint.trim()));
        }
        return builder.build();
    }

    /** The execution's page in the Step Functions console. */
    static String consoleLink(String region, String executionArn) {
        return "https://" + region + ".console.aws.amazon.com/states/home?region=" + region + "#/v2/executions/details/"
                + URLEncoder.encode(executionArn, StandardCharsets.UTF_8).replace("%3A", ":");
    }
}
