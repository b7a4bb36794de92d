package dev.cairn.functions.router;

import dev.cairn.functions.aws.AwsSigner;
import dev.cairn.functions.aws.BackgroundHttpClient;
import dev.cairn.functions.aws.ExposureLog;
import dev.cairn.functions.aws.FileExposureLog;
import dev.cairn.functions.aws.HttpClients;
import dev.cairn.functions.aws.LambdaCredentials;
import dev.cairn.functions.aws.LogLineExposureLog;
import dev.cairn.functions.aws.SignedSageMakerRuntime;
import dev.cairn.router.config.RouterConfig;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Supplier;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/**
 * Builds the router Lambda's {@link PredictionRouter} from its environment:
 * <ul>
 *   <li>{@value #CONFIG}: the {@link RouterConfig} JSON (required)
 *   <li>AWS_REGION: the region of SageMaker (set by Lambda)
 *   <li>{@value #EXPOSURE_LOG}={@value #EXPOSURE_LOG_STDOUT}: exposure events as lines of the function's log
 *       ({@link LogLineExposureLog}, which the deployment's log subscription ships to Firehose), or
 *       {@value #EXPOSURE_DIR}: a local directory of JSON-lines files; neither: events are dropped (a warning is
 *       logged)
 *   <li>{@value #SAGEMAKER_URL}: endpoint override (local serving, tests)
 *   <li>{@value HttpClients#CHOICE}: "default" for the SDK's default HTTP client
 * </ul>
 */
public final class RouterEnvironment {

    public static final String CONFIG = "CAIRN_ROUTER_CONFIG";
    public static final String EXPOSURE_LOG = "CAIRN_EXPOSURE_LOG";
    public static final String EXPOSURE_LOG_STDOUT = "stdout";
    public static final String EXPOSURE_DIR = "CAIRN_EXPOSURE_DIR";
    public static final String SAGEMAKER_URL = "CAIRN_SAGEMAKER_ENDPOINT_URL";
    /** Read by routers before exposures became log lines: refused, so an old setting is never silently ignored. */
    static final String OLD_EXPOSURE_STREAM = "CAIRN_EXPOSURE_STREAM";

    /** Output nobody reads (priming). */
    static final PrintStream NOWHERE = new PrintStream(OutputStream.nullOutputStream(), false, StandardCharsets.UTF_8);

    private RouterEnvironment() {}

    /** The router a deployed function runs: real HTTP client and the function's role credentials. */
    public static PredictionRouter router(Map<String, String> env, PrintStream out, PrintStream log) {
        SdkHttpClient http = new BackgroundHttpClient(() -> HttpClients.fromEnvironment(env));
        return router(env, http, LambdaCredentials.fromEnvironment(env, http), false, out, log);
    }

    /**
     * A router built from {@code env} over the given HTTP client and credentials.
     *
     * @param priming true to drop exposure events instead of writing files (a snapshot warm-up must leave no trace)
     */
    static PredictionRouter router(
            Map<String, String> env,
            SdkHttpClient http,
            Supplier<? extends AwsCredentialsIdentity> credentials,
            boolean priming,
            PrintStream out,
            PrintStream log) {
        String json = env.get(CONFIG);
        if (json == null || json.isBlank()) {
            throw new IllegalStateException(
                    "environment variable " + CONFIG + " must hold the router config JSON " + "({\"models\": {...}})");
        }
        RouterConfig config = RouterConfig.parse(json);
        String region = env.getOrDefault("AWS_REGION", env.get("AWS_DEFAULT_REGION"));
        AwsSigner signer = new AwsSigner(region, credentials, http);
        URI sagemaker = env.containsKey(SAGEMAKER_URL)
                ? URI.create(env.get(SAGEMAKER_URL))
                : SignedSageMakerRuntime.defaultEndpointUrl(region);
        if (env.get(OLD_EXPOSURE_STREAM) != null) {
            throw new IllegalStateException("environment variable " + OLD_EXPOSURE_STREAM + " is no longer read: the "
                    + "router writes exposure events to its log, which the deployment's subscription ships to the "
                    + "stream; set " + EXPOSURE_LOG + "=" + EXPOSURE_LOG_STDOUT
                    + " instead (redeploy the serving stack)");
        }
        String exposureLog = env.get(EXPOSURE_LOG);
        if (exposureLog != null && !exposureLog.equals(EXPOSURE_LOG_STDOUT)) {
            throw new IllegalStateException("environment variable " + EXPOSURE_LOG + " must be " + EXPOSURE_LOG_STDOUT
                    + " (exposure events as lines of the function's log), was '" + exposureLog + "'");
        }
        ExposureLog exposures;
        if (exposureLog != null) {
            // priming writes its lines nowhere: the snapshot gets the serializing classes, the log no made-up events
            exposures = new LogLineExposureLog(priming ? NOWHERE : out);
        } else if (env.get(EXPOSURE_DIR) != null) {
            exposures = priming ? ExposureLog.DISCARD : new FileExposureLog(Path.of(env.get(EXPOSURE_DIR)));
        } else {
            if (!priming) {
                log.println("cairn router: neither " + EXPOSURE_LOG + " nor " + EXPOSURE_DIR
                        + " is set: exposure events are dropped");
            }
            exposures = ExposureLog.DISCARD;
        }
        return new PredictionRouter(
                config,
                new SignedSageMakerRuntime(signer, sagemaker),
                exposures,
                new RouterMetrics(out),
                priming ? NOWHERE : log);
    }
}
