package dev.cairn.oracle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.cdk.CairnApp;
import dev.cairn.cdk.FlowStack;
import dev.cairn.cdk.PlatformStack;
import dev.cairn.oracle.cloud.Deployment;
import dev.cairn.oracle.cloud.IamPolicies;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;
import software.amazon.awscdk.Stack;

/**
 * Isolation, evaluated as IAM evaluates it. The CDK app as {@code cdk synth} builds it ({@link CairnApp}: two projects,
 * three flows on a production and a development branch, two serving deployments, the Snowflake link) is synthesized
 * once, its templates resolved to concrete fake ARNs, and every request of {@link #table()} is evaluated by
 * {@code @cloud-copilot/iam-simulate} ({@link IamSimulator}) in one batch. Each row states the promised answer; a
 * row iam-simulate cannot evaluate ({@link #SIMULATOR_DROPS_ENCRYPTION_CONTEXT}) is answered by the oracle's own
 * evaluator instead. The evaluated table is
 * written to {@code target/iam-isolation.md}.
 */
class IamIsolationTest {
    static final String ACCOUNT = "123456789012";
    static final String REGION = "eu-west-1";
    static final String PRODUCTION = "prod";
    static final List<String> BRANCHES = List.of(PRODUCTION, "user.alice");
    /** Flow classes, as the {@code flows} context names them; alpha's and beta's Ingest share a simple name. */
    static final List<String> FLOWS = List.of(
            "dev.cairn.oracle.isolation.alpha.Ingest",
            "dev.cairn.oracle.isolation.alpha.Train",
            "dev.cairn.oracle.isolation.beta.Ingest");
    /** Labels of the flows on each branch, in the order {@link CairnApp#build} makes their stacks. */
    static final List<String> FLOW_LABELS = BRANCHES.stream()
            .flatMap(b -> Stream.of("alpha/Ingest@" + b, "alpha/Train@" + b, "beta/Ingest@" + b))
            .toList();
    /** Serving deployments of project alpha; each model is named after its deployment. */
    static final List<String> DEPLOYMENTS = List.of("scores", "rankings");
    /** Shared inputs: every flow reads them, none writes them, and no project name reaches them (issue 14). */
    static final String SHARED_PREFIX = "cairn/_shared";

    /**
     * iam-simulate matches a request's variable condition key only after a '/' ({@code aws:ResourceTag/x}), so it drops
     * {@code kms:EncryptionContext:aws:s3:arn}, the context S3 passes to KMS, and no condition on it ever holds there.
     * Those rows are evaluated by the oracle's own evaluator ({@link IamPolicies}), and fail once iam-simulate stops
     * dropping the key, so that the mark is removed.
     */
    static final String SIMULATOR_DROPS_ENCRYPTION_CONTEXT =
            "evaluated by IamPolicies: iam-simulate drops kms:EncryptionContext:aws:s3:arn";

    /** A symbolic request and its promised answer. */
    record Row(String principal, String action, String resource, boolean allowed, String byHand) {
        Row promise(boolean allowed) {
            return new Row(principal, action, resource, allowed, byHand);
        }

        Row evaluatedByHand(String why) {
            return new Row(principal, action, resource, allowed, why);
        }

        @Override
        public String toString() {
            return principal + " " + action + " " + resource + " -> " + (allowed ? "Allowed" : "Denied")
                    + (byHand == null ? "" : " (" + byHand + ")");
        }
    }

    /** What today's templates answer: the principal's decision (any of its roles allowed) and why. */
    record Outcome(boolean allowed, String result, String reason) {}

    @TempDir
    static Path dir;

    static Deployment deployment;
    static Labels labels;
    static IamSimulator.Answer answer;
    static final Map<Row, Outcome> OUTCOMES = new LinkedHashMap<>();
    static Map<String, String> actionsSeenIn;
    static Map<String, String> conditionKeysSeenIn;

    @BeforeAll
    static void synthesizeAndEvaluate() throws Exception {
        Node.installed();
        Path jar = Files.write(dir.resolve("app.jar"), new byte[] {1}); // the flows load from the test classpath
        Path router = Files.write(dir.resolve("router.jar"), new byte[] {1});
        Path serving = Files.writeString(dir.resolve("serving.json"), servingFile());
        Path assembly = dir.resolve("cdk.out");
        App app = new App(AppProps.builder()
                .outdir(assembly.toString())
                .context(Map.ofEntries(
                        Map.entry("account", ACCOUNT),
                        Map.entry("region", REGION),
                        Map.entry("branches", String.join(",", BRANCHES)),
                        Map.entry("flows", String.join(",", FLOWS)),
                        Map.entry("codePackage", jar.toString()),
                        Map.entry(
                                "stepRunnerImage",
                                ACCOUNT + ".dkr.ecr." + REGION + ".amazonaws.com/cairn-step-runner:1"),
                        Map.entry("serving", serving.toString()),
                        Map.entry("routerCode", router.toString()),
                        Map.entry("servingImage", ACCOUNT + ".dkr.ecr." + REGION + ".amazonaws.com/cairn-serving:1"),
                        Map.entry("snowflake", "true"),
                        Map.entry("snowflakeUserArn", "arn:aws:iam::999999999999:user/snowflake"),
                        Map.entry("snowflakeExternalId", "EXTERNAL_ID"),
                        Map.entry("snowflakeCredentials", "configured")))
                .build());
        List<FlowStack> flows = CairnApp.build(app);
        assertEquals(FLOW_LABELS.size(), flows.size(), "one stack per flow and branch");
        deployment = Deployment.synth(app, assembly, ACCOUNT, REGION);
        labels = new Labels(deployment, (PlatformStack) app.getNode().findChild("Cairn-Platform"), flows);

        List<Row> rows = table();
        assertEquals(rows.size(), new java.util.HashSet<>(rows).size(), "each request is in the table once");
        List<IamSimulator.Request> requests = new ArrayList<>();
        List<Integer> firstOfRow = new ArrayList<>();
        for (Row row : rows) {
            firstOfRow.add(requests.size());
            for (String role : labels.roles(row.principal())) {
                requests.add(labels.request(role, row));
            }
        }
        PolicyVocabulary vocabulary = PolicyVocabulary.of(deployment);
        actionsSeenIn = vocabulary.actions();
        conditionKeysSeenIn = vocabulary.conditionKeys();
        List<String> actions = new ArrayList<>(actionsSeenIn.keySet());
        actions.add(CONTROL_ACTION);
        List<String> keys = new ArrayList<>(conditionKeysSeenIn.keySet());
        keys.add(CONTROL_CONDITION_KEY);
        answer = new IamSimulator(deployment).run(requests, actions, keys);
        for (int i = 0; i < rows.size(); i++) {
            int end = i + 1 < rows.size() ? firstOfRow.get(i + 1) : requests.size();
            OUTCOMES.put(
                    rows.get(i),
                    outcome(
                            requests.subList(firstOfRow.get(i), end),
                            answer.decisions().subList(firstOfRow.get(i), end)));
        }
    }

    /** A typo the vocabulary check must report: proof that it can fail. */
    static final String CONTROL_ACTION = "s3:PutObjekt";

    static final String CONTROL_CONDITION_KEY = "s3:prefixes";

    /** The principal is allowed when any of its roles is (the jobs' execution role injects secrets into them). */
    private static Outcome outcome(List<IamSimulator.Request> requests, List<IamSimulator.Decision> decisions) {
        for (int i = 0; i < decisions.size(); i++) {
            if (decisions.get(i).allowed()) {
                return new Outcome(
                        true,
                        "Allowed",
                        role(requests.get(i)) + ": " + decisions.get(i).reason());
            }
        }
        return new Outcome(
                false,
                decisions.stream().map(IamSimulator.Decision::result).distinct().collect(Collectors.joining("/")),
                java.util.stream.IntStream.range(0, decisions.size())
                        .mapToObj(i ->
                                role(requests.get(i)) + ": " + decisions.get(i).result() + ", "
                                        + decisions.get(i).reason())
                        .collect(Collectors.joining("; ")));
    }

    private static String role(IamSimulator.Request request) {
        return request.principal().substring(request.principal().lastIndexOf('/') + 1);
    }

    /**
     * The promise. Principals: {@code jobs F} (the flow's job role and its job definitions' execution roles),
     * {@code state machine F}, {@code scheduler F}, {@code trigger F} (the role of the rule that starts F after its
     * upstream), {@code stopped-run recorder F} (the role of the rule that records F's stopped executions), {@code router D}, {@code log subscription D} (the role CloudWatch Logs puts the router's exposure lines
     * to the stream with). Resources: {@code prefix F} (an object under the flow's datastore prefix, or the
     * bucket listed under it), {@code shared}, {@code serving D} (the deployment's exposures and data capture),
     * {@code snowflake secret}, {@code datastore key}, {@code job definition F}, {@code record job definition F}, {@code queue F}, {@code job of F},
     * {@code live F}, {@code state machine F} (no alias), {@code endpoint D}, {@code stream D}.
     */
    static List<Row> table() {
        List<Row> rows = new ArrayList<>();
        // a flow's jobs read, write, delete and list their own prefix, and no other flow's, branch's or project's
        for (String principal : FLOW_LABELS) {
            for (String target : FLOW_LABELS) {
                for (String action : List.of("s3:PutObject", "s3:GetObject", "s3:DeleteObject", "s3:ListBucket")) {
                    rows.add(
                            row("jobs " + principal, action, "prefix " + target).promise(principal.equals(target)));
                }
            }
        }
        for (String flow : FLOW_LABELS) {
            String jobs = "jobs " + flow;
            rows.add(row(jobs, "s3:GetObject", "shared").promise(true));
            rows.add(row(jobs, "s3:PutObject", "shared").promise(false));
            rows.add(row(jobs, "s3:DeleteObject", "shared").promise(false));
            for (String deployment : DEPLOYMENTS) {
                rows.add(row(jobs, "s3:PutObject", "serving " + deployment).promise(false));
                rows.add(row(jobs, "s3:DeleteObject", "serving " + deployment).promise(false));
            }
            boolean production = flow.endsWith("@" + PRODUCTION);
            rows.add(row(jobs, "secretsmanager:GetSecretValue", "snowflake secret")
                    .promise(production));
            // S3 asks KMS as the caller, for the bucket key (its encryption context is the bucket's ARN); which
            // objects the caller may touch is decided by the S3 statements above
            rows.add(row(jobs, "kms:GenerateDataKey", "datastore key via S3")
                    .promise(true)
                    .evaluatedByHand(SIMULATOR_DROPS_ENCRYPTION_CONTEXT));
            rows.add(row(jobs, "kms:Decrypt", "datastore key via S3")
                    .promise(true)
                    .evaluatedByHand(SIMULATOR_DROPS_ENCRYPTION_CONTEXT));
            rows.add(row(jobs, "kms:GenerateDataKeyWithoutPlaintext", "datastore key via S3")
                    .promise(false));
            rows.add(row(jobs, "kms:ReEncryptFrom", "datastore key via S3").promise(false));
        }
        // a state machine submits its own flow's jobs and stops them, no other flow's
        for (String flow : FLOW_LABELS) {
            String machine = "state machine " + flow;
            rows.add(row(machine, "batch:SubmitJob", "job definition " + flow).promise(true));
            rows.add(row(machine, "batch:SubmitJob", "queue " + flow).promise(true));
            rows.add(row(machine, "batch:TerminateJob", "job of " + flow).promise(true));
            for (String other : FLOW_LABELS) {
                if (!other.equals(flow)) {
                    rows.add(row(machine, "batch:SubmitJob", "job definition " + other)
                            .promise(false));
                    rows.add(row(machine, "batch:TerminateJob", "job of " + other)
                            .promise(false));
                }
            }
            if (!flow.endsWith("@" + PRODUCTION)) {
                String productionFlow = flow.substring(0, flow.indexOf('@') + 1) + PRODUCTION;
                rows.add(row(machine, "batch:SubmitJob", "queue " + productionFlow)
                        .promise(false));
            }
        }
        // schedules and triggers start their own flow's live alias, nothing else
        for (String flow : FLOW_LABELS) {
            String starter = flow.contains("/Train@") ? "trigger " + flow : "scheduler " + flow;
            rows.add(row(starter, "states:StartExecution", "live " + flow).promise(true));
            rows.add(row(starter, "states:StartExecution", "state machine " + flow)
                    .promise(false));
            for (String other : FLOW_LABELS) {
                if (!other.equals(flow)) {
                    rows.add(row(starter, "states:StartExecution", "live " + other)
                            .promise(false));
                }
            }
        }
        // the rule that records a stopped execution's run submits its own record job to its own queue, nothing else
        for (String flow : FLOW_LABELS) {
            String recorder = "stopped-run recorder " + flow;
            rows.add(row(recorder, "batch:SubmitJob", "record job definition " + flow)
                    .promise(true));
            rows.add(row(recorder, "batch:SubmitJob", "queue " + flow).promise(true));
            rows.add(row(recorder, "batch:SubmitJob", "job definition " + flow).promise(false));
            rows.add(row(recorder, "states:StartExecution", "live " + flow).promise(false));
            rows.add(row(recorder, "s3:GetObject", "prefix " + flow).promise(false));
            for (String other : FLOW_LABELS) {
                if (!other.equals(flow)) {
                    rows.add(row(recorder, "batch:SubmitJob", "record job definition " + other)
                            .promise(false));
                }
            }
        }
        // a router invokes its own endpoint; its exposures are lines of its log, which its log group's subscription
        // puts to its own stream: the router itself puts to no stream
        for (String deployment : DEPLOYMENTS) {
            for (String target : DEPLOYMENTS) {
                boolean own = deployment.equals(target);
                rows.add(row("router " + deployment, "sagemaker:InvokeEndpoint", "endpoint " + target)
                        .promise(own));
                rows.add(row("router " + deployment, "firehose:PutRecord", "stream " + target)
                        .promise(false));
                rows.add(row("router " + deployment, "firehose:PutRecordBatch", "stream " + target)
                        .promise(false));
                rows.add(row("log subscription " + deployment, "firehose:PutRecordBatch", "stream " + target)
                        .promise(own));
                rows.add(row("log subscription " + deployment, "firehose:PutRecord", "stream " + target)
                        .promise(own));
            }
            rows.add(row("log subscription " + deployment, "s3:PutObject", "serving " + deployment)
                    .promise(false));
            rows.add(row("router " + deployment, "kms:Decrypt", "datastore key via S3")
                    .promise(false));
            rows.add(row("router " + deployment, "s3:GetObject", "prefix alpha/Ingest@prod")
                    .promise(false));
        }
        return rows;
    }

    private static Row row(String principal, String action, String resource) {
        return new Row(principal, action, resource, false, null);
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("table")
    void eachRequestGetsThePromisedAnswer(Row row) {
        Outcome today = OUTCOMES.get(row);
        if (row.byHand() != null) {
            assertTrue(
                    today.reason().contains("context keys that do not apply: kms:EncryptionContext:aws:s3:arn"),
                    () -> "iam-simulate evaluates the encryption context now: remove the mark `" + row.byHand() + "` ("
                            + today.reason() + ")");
            IamPolicies handWritten = new IamPolicies(deployment);
            boolean allowed = labels.roles(row.principal()).stream().anyMatch(role -> {
                IamSimulator.Request request = labels.request(role, row);
                return handWritten
                        .evaluate(
                                new IamPolicies.Request(role, request.action(), request.resource(), request.context()))
                        .allowed();
            });
            assertEquals(row.allowed(), allowed, () -> row + ", but IamPolicies answers " + allowed);
            return;
        }
        assertEquals(
                row.allowed(), today.allowed(), () -> row + ", but today " + today.result() + ": " + today.reason());
    }

    @Test
    void everyActionAndConditionKeyOfEverySynthesizedPolicyExistsInIamData() {
        assertTrue(actionsSeenIn.size() > 20, () -> "the walk found the policies' actions: " + actionsSeenIn.keySet());
        assertTrue(
                conditionKeysSeenIn.containsKey("states:StateMachineQualifier"),
                () -> "the walk found the policies' condition keys: " + conditionKeysSeenIn.keySet());
        assertEquals(
                List.of(CONTROL_ACTION),
                answer.unknownActions(),
                () -> "actions iam-data " + answer.iamDataVersion() + " does not know (beside the planted "
                        + CONTROL_ACTION + "), with a statement that uses each: "
                        + answer.unknownActions().stream()
                                .filter(a -> !a.equals(CONTROL_ACTION))
                                .map(a -> a + " in " + actionsSeenIn.get(a))
                                .toList());
        assertEquals(
                List.of(CONTROL_CONDITION_KEY),
                answer.unknownConditionKeys(),
                () -> "condition keys iam-data " + answer.iamDataVersion() + " does not know (beside the planted "
                        + CONTROL_CONDITION_KEY + "): "
                        + answer.unknownConditionKeys().stream()
                                .filter(k -> !k.equals(CONTROL_CONDITION_KEY))
                                .map(k -> k + " in " + conditionKeysSeenIn.get(k))
                                .toList());
    }

    /**
     * The hand-written evaluator that authorizes the oracle's service calls ({@link IamPolicies}: identity statements,
     * no resource policies) answers as iam-simulate for the requests of single roles that no resource policy governs.
     */
    @Test
    void theOraclesHandWrittenEvaluatorAgreesWithIamSimulate() {
        IamPolicies handWritten = new IamPolicies(deployment);
        List<String> disagreements = new ArrayList<>();
        int compared = 0;
        for (Map.Entry<Row, Outcome> e : OUTCOMES.entrySet()) {
            Row row = e.getKey();
            if (row.principal().startsWith("jobs ") || row.resource().startsWith("prefix ") || row.byHand() != null) {
                continue; // several roles, a bucket policy, or a request iam-simulate cannot evaluate
            }
            String role = labels.roles(row.principal()).get(0);
            IamSimulator.Request request = labels.request(role, row);
            if (new IamSimulator(deployment).resourcePolicy(request.resource()).isPresent()) {
                continue;
            }
            compared++;
            IamPolicies.Decision decision = handWritten.evaluate(
                    new IamPolicies.Request(role, request.action(), request.resource(), request.context()));
            if (decision.allowed() != e.getValue().allowed()) {
                disagreements.add(row + ": hand-written " + decision.allowed() + ", iam-simulate " + e.getValue());
            }
        }
        assertTrue(compared > 50, "compared " + compared + " requests");
        assertEquals(List.of(), disagreements);
    }

    /** The evaluated table, for the pull request and the integrator: target/iam-isolation.md. */
    @AfterAll
    static void writeTable() throws IOException {
        if (OUTCOMES.isEmpty()) {
            return;
        }
        StringBuilder md = new StringBuilder("# IAM isolation, evaluated with @cloud-copilot/iam-simulate (iam-data "
                + answer.iamDataVersion()
                + ")\n\n| # | principal | action | resource | promised | iam-simulate | note |\n"
                + "| --- | --- | --- | --- | --- | --- | --- |\n");
        int i = 0;
        for (Map.Entry<Row, Outcome> e : OUTCOMES.entrySet()) {
            Row r = e.getKey();
            md.append("| ")
                    .append(++i)
                    .append(" | ")
                    .append(String.join(
                            " | ",
                            r.principal(),
                            r.action(),
                            r.resource(),
                            r.allowed() ? "Allowed" : "Denied",
                            e.getValue().result(),
                            r.byHand() == null ? "" : r.byHand()))
                    .append(" |\n");
        }
        md.append("\n## Labels\n\n");
        labels.legend()
                .forEach((k, v) ->
                        md.append("- ").append(k).append(": ").append(v).append('\n'));
        md.append("\n## Reasons\n\n");
        i = 0;
        for (Map.Entry<Row, Outcome> e : OUTCOMES.entrySet()) {
            md.append(++i).append(". ").append(e.getValue().reason()).append('\n');
        }
        Path out = Path.of("target", "iam-isolation.md");
        Files.createDirectories(out.getParent());
        Files.writeString(out, md);
        long promised = OUTCOMES.entrySet().stream()
                .filter(e -> e.getKey().allowed() == e.getValue().allowed())
                .count();
        System.out.println("iam isolation: " + OUTCOMES.size() + " requests, " + promised + " as promised, "
                + (OUTCOMES.size() - promised) + " not yet; table in " + out.toAbsolutePath());
    }

    private static String servingFile() {
        return """
                {"project": "alpha", "branch": "prod", "deployments": [
                  {"deployment": "scores", "model": "scores", "variants": [
                    {"name": "v1", "export": "Train/20261120-080000-1a2b3c/end/0", "artifact": "model",
                     "serverless": {"memoryMb": 2048, "maxConcurrency": 2}}]},
                  {"deployment": "rankings", "model": "rankings", "variants": [
                    {"name": "v1", "export": "Train/20261121-080000-4d5e6f/end/0", "artifact": "model",
                     "serverless": {"memoryMb": 2048, "maxConcurrency": 2}}]}]}
                """;
    }

    /** Resources of the table that are one of a kind: the rest are a kind and the flow or deployment they belong to. */
    static final Set<String> NAMELESS_RESOURCES = Set.of("shared", "snowflake secret", "datastore key via S3");

    /** The concrete roles, ARNs and condition keys behind the table's labels. */
    static final class Labels {
        private final Deployment deployment;
        private final Map<String, FlowStack> flows = new LinkedHashMap<>();
        private final String bucket;
        private final String keyArn;
        private final String secretArn;
        private final Map<String, String> legend = new TreeMap<>();

        Labels(Deployment deployment, PlatformStack platform, List<FlowStack> stacks) {
            this.deployment = deployment;
            for (int i = 0; i < stacks.size(); i++) {
                flows.put(FLOW_LABELS.get(i), stacks.get(i));
            }
            bucket = token(platform, platform.datastore().bucketName());
            keyArn = token(platform, platform.datastore().key().getKeyArn());
            secretArn = token(platform, platform.snowflake().credentials().getSecretArn());
        }

        Map<String, String> legend() {
            return legend;
        }

        /** The roles acting as {@code principal}. */
        List<String> roles(String principal) {
            String kind = principal.substring(0, principal.lastIndexOf(' '));
            String name = principal.substring(principal.lastIndexOf(' ') + 1);
            List<String> roles = switch (kind) {
                case "jobs" -> {
                    FlowStack stack = flow(name);
                    List<String> out =
                            new ArrayList<>(List.of(token(stack, stack.jobRole().getRoleArn())));
                    for (Deployment.Resource job : inStack(stack, "AWS::Batch::JobDefinition")) {
                        String execution = deployment
                                .resolved(
                                        job,
                                        job.properties()
                                                .path("ContainerProperties")
                                                .path("ExecutionRoleArn"))
                                .asText();
                        if (!execution.isEmpty() && !out.contains(execution)) {
                            out.add(execution);
                        }
                    }
                    yield out;
                }
                case "state machine" -> {
                    FlowStack stack = flow(name);
                    yield List.of(token(stack, stack.stateMachine().getRole().getRoleArn()));
                }
                case "scheduler" -> {
                    Deployment.Resource schedule = only(flow(name), "AWS::Scheduler::Schedule");
                    yield List.of(deployment
                            .resolved(
                                    schedule,
                                    schedule.properties().path("Target").path("RoleArn"))
                            .asText());
                }
                case "trigger" -> {
                    Deployment.Resource rule = rule(flow(name), "StartAfter");
                    yield List.of(deployment
                            .resolved(
                                    rule,
                                    rule.properties().path("Targets").get(0).path("RoleArn"))
                            .asText());
                }
                case "stopped-run recorder" -> {
                    Deployment.Resource rule = rule(flow(name), "RecordStoppedRun");
                    yield List.of(deployment
                            .resolved(
                                    rule,
                                    rule.properties().path("Targets").get(0).path("RoleArn"))
                            .asText());
                }
                case "router" -> {
                    Deployment.Resource router = router(name);
                    yield List.of(deployment
                            .resolved(router, router.properties().path("Role"))
                            .asText());
                }
                case "log subscription" -> {
                    List<Deployment.Resource> filters = inStack(servingStack(name), "AWS::Logs::SubscriptionFilter");
                    assertEquals(1, filters.size(), () -> "one exposure subscription per deployment: " + filters);
                    Deployment.Resource filter = filters.get(0);
                    yield List.of(deployment
                            .resolved(filter, filter.properties().path("RoleArn"))
                            .asText());
                }
                default -> throw new IllegalArgumentException("no principal kind " + kind + " (" + principal + ")");
            };
            legend.put(principal, String.join(", ", roles));
            return roles;
        }

        /** The request {@code row} makes as {@code role}: the resource's ARN and the keys AWS sets for it. */
        IamSimulator.Request request(String role, Row row) {
            String kind = NAMELESS_RESOURCES.contains(row.resource())
                    ? row.resource()
                    : row.resource().substring(0, row.resource().lastIndexOf(' '));
            String name = row.resource().substring(row.resource().lastIndexOf(' ') + 1);
            Map<String, String> context = new TreeMap<>(Map.of("aws:SecureTransport", "true"));
            String arn = switch (kind) {
                case "prefix" -> {
                    String prefix = flow(name).flowPrefix();
                    if (row.action().equals("s3:ListBucket")) {
                        context.put("s3:prefix", prefix + "/");
                        yield "arn:aws:s3:::" + bucket;
                    }
                    yield "arn:aws:s3:::" + bucket + "/" + prefix + "/data/ab/ab12";
                }
                case "shared" -> "arn:aws:s3:::" + bucket + "/" + SHARED_PREFIX + "/inputs.csv";
                case "serving" -> "arn:aws:s3:::" + bucket + "/" + servingPrefix(name) + "exposures/part-0.json";
                case "snowflake secret" -> secretArn;
                case "datastore key via S3" -> {
                    context.put("kms:ViaService", "s3." + REGION + ".amazonaws.com");
                    context.put("kms:CallerAccount", ACCOUNT);
                    context.put("kms:EncryptionContext:aws:s3:arn", "arn:aws:s3:::" + bucket);
                    yield keyArn;
                }
                case "job definition" ->
                    deployment
                            .resolver()
                            .ref(
                                    flow(name).getStackName(),
                                    inStack(flow(name), "AWS::Batch::JobDefinition").stream()
                                            .filter(j -> !j.logicalId().startsWith("RecordStoppedRun"))
                                            .findFirst()
                                            .orElseThrow()
                                            .logicalId());
                case "record job definition" ->
                    deployment
                            .resolver()
                            .ref(
                                    flow(name).getStackName(),
                                    inStack(flow(name), "AWS::Batch::JobDefinition").stream()
                                            .filter(j -> j.logicalId().startsWith("RecordStoppedRun"))
                                            .findFirst()
                                            .orElseThrow()
                                            .logicalId());
                case "queue" -> definitionValues(flow(name), "JobQueue").get(0);
                case "job of" -> {
                    jobTags(flow(name)).forEach((k, v) -> context.put("aws:ResourceTag/" + k, v));
                    yield "arn:aws:batch:" + REGION + ":" + ACCOUNT + ":job/"
                            + UUID.nameUUIDFromBytes(name.getBytes(java.nio.charset.StandardCharsets.UTF_8));
                }
                case "live" -> {
                    context.put("states:StateMachineQualifier", "live");
                    yield token(flow(name), flow(name).stateMachine().getStateMachineArn());
                }
                case "state machine" ->
                    token(flow(name), flow(name).stateMachine().getStateMachineArn());
                case "endpoint" -> {
                    Deployment.Resource endpoint = inStack(servingStack(name), "AWS::SageMaker::Endpoint")
                            .get(0);
                    yield deployment.resolver().ref(endpoint.stack(), endpoint.logicalId());
                }
                case "stream" -> {
                    Deployment.Resource stream = inStack(servingStack(name), "AWS::KinesisFirehose::DeliveryStream")
                            .get(0);
                    yield deployment.resolver().getAtt(stream.stack(), stream.logicalId(), "Arn");
                }
                default -> throw new IllegalArgumentException("no resource kind " + kind + " (" + row + ")");
            };
            legend.put(row.resource(), arn + (context.size() > 1 ? " with " + context : ""));
            return new IamSimulator.Request(role, row.action(), arn, context);
        }

        private FlowStack flow(String label) {
            FlowStack stack = flows.get(label);
            if (stack == null) {
                throw new IllegalArgumentException("no flow " + label + "; flows: " + flows.keySet());
            }
            return stack;
        }

        private String token(Stack stack, String token) {
            JsonNode unresolved = Node.JSON.valueToTree(stack.resolve(token));
            return deployment
                    .resolver()
                    .resolve(stack.getStackName(), unresolved)
                    .asText();
        }

        private List<Deployment.Resource> inStack(Stack stack, String type) {
            return inStack(stack.getStackName(), type);
        }

        private List<Deployment.Resource> inStack(String stack, String type) {
            return deployment.resources(r -> r.stack().equals(stack) && r.type().equals(type));
        }

        /** The flow's EventBridge rule whose logical id starts with {@code logicalIdPrefix}. */
        private Deployment.Resource rule(FlowStack stack, String logicalIdPrefix) {
            List<Deployment.Resource> found = inStack(stack, "AWS::Events::Rule").stream()
                    .filter(r -> r.logicalId().startsWith(logicalIdPrefix))
                    .toList();
            assertEquals(1, found.size(), () -> stack.getStackName() + " has one " + logicalIdPrefix + ": " + found);
            return found.getFirst();
        }

        private Deployment.Resource only(FlowStack stack, String type) {
            List<Deployment.Resource> found = inStack(stack, type);
            assertEquals(1, found.size(), () -> stack.getStackName() + " has one " + type + ": " + found);
            return found.get(0);
        }

        /** Every value of {@code field} in the flow's resolved state machine definition. */
        private List<String> definitionValues(FlowStack stack, String field) {
            Deployment.Resource machine = only(stack, "AWS::StepFunctions::StateMachine");
            try {
                JsonNode definition = Node.JSON.readTree(deployment
                        .resolved(machine, machine.properties().path("DefinitionString"))
                        .asText());
                return definition.findValues(field).stream()
                        .map(JsonNode::asText)
                        .distinct()
                        .toList();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }

        /**
         * The tags a job of the flow carries: those of its job definitions and those its state machine submits
         * with; an empty map when neither tags.
         */
        private Map<String, String> jobTags(FlowStack stack) {
            Map<String, String> tags = new TreeMap<>();
            for (Deployment.Resource job : inStack(stack, "AWS::Batch::JobDefinition")) {
                deployment
                        .resolved(job, job.properties().path("Tags"))
                        .properties()
                        .forEach(t -> tags.put(t.getKey(), t.getValue().asText()));
            }
            Deployment.Resource machine = only(stack, "AWS::StepFunctions::StateMachine");
            try {
                JsonNode definition = Node.JSON.readTree(deployment
                        .resolved(machine, machine.properties().path("DefinitionString"))
                        .asText());
                for (JsonNode submitted : definition.findValues("Tags")) {
                    submitted
                            .properties()
                            .forEach(t -> tags.put(t.getKey(), t.getValue().asText()));
                }
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            return tags;
        }

        /** The serving stack whose router serves {@code deployment}'s model (models are named as deployments here). */
        private String servingStack(String deployment) {
            return router(deployment).stack();
        }

        private Deployment.Resource router(String model) {
            List<Deployment.Resource> routers =
                    deployment.resources(r -> r.type().equals("AWS::Lambda::Function")
                            && r.properties()
                                    .path("Environment")
                                    .path("Variables")
                                    .toString()
                                    .contains("\\\"models\\\":{\\\"" + model + "\\\""));
            assertEquals(1, routers.size(), () -> "one router serves the model " + model + ": " + routers);
            return routers.get(0);
        }

        /** The deployment's datastore prefix, ending in '/': where its exposures and data capture are written. */
        private String servingPrefix(String deployment) {
            JsonNode output = this.deployment
                    .templates()
                    .get(servingStack(deployment))
                    .path("Outputs")
                    .path("ExposurePrefix")
                    .path("Value");
            String s3 = this.deployment
                    .resolver()
                    .resolve(servingStack(deployment), output)
                    .asText();
            String key = s3.substring(("s3://" + bucket + "/").length());
            return key.substring(0, key.length() - "exposures/".length());
        }
    }

    /** Every action and condition key in every policy statement of every template, with where each is first used. */
    record PolicyVocabulary(Map<String, String> actions, Map<String, String> conditionKeys) {
        static PolicyVocabulary of(Deployment deployment) {
            PolicyVocabulary v = new PolicyVocabulary(new TreeMap<>(), new TreeMap<>());
            for (Deployment.Resource r : deployment.resources(x -> true)) {
                v.walk(deployment, r, r.properties());
            }
            return v;
        }

        private void walk(Deployment deployment, Deployment.Resource where, JsonNode node) {
            if (node.isObject() && node.has("Statement")) {
                for (JsonNode statement : node.path("Statement")) {
                    String place = where.stack() + "/" + where.logicalId();
                    for (String field : List.of("Action", "NotAction")) {
                        JsonNode actions = deployment.resolved(where, statement.path(field));
                        (actions.isArray() ? actions : Set.of(actions)).forEach(a -> {
                            if (a.isTextual()) {
                                this.actions.putIfAbsent(a.asText(), place);
                            }
                        });
                    }
                    statement
                            .path("Condition")
                            .properties()
                            .forEach(operator -> operator.getValue()
                                    .fieldNames()
                                    .forEachRemaining(key -> conditionKeys.putIfAbsent(key, place)));
                }
                return;
            }
            if (node.isTextual() && node.asText().contains("\"Statement\"")) {
                try {
                    walk(deployment, where, Node.JSON.readTree(node.asText()));
                } catch (IOException e) {
                    // a string that merely mentions a statement, not a policy document
                }
                return;
            }
            node.forEach(child -> walk(deployment, where, child));
        }
    }
}
