package dev.cairn.functions.router;

import dev.cairn.functions.aws.AwsSigner;
import dev.cairn.functions.aws.BackgroundHttpClient;
import dev.cairn.functions.aws.ExposureLog;
import dev.cairn.functions.aws.FileExposureLog;
import dev.cairn.functions.aws.FirehoseExposureLog;
import dev.cairn.functions.aws.HttpClients;
import dev.cairn.functions.aws.LambdaCredentials;
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
 *   <li>AWS_REGION: the region of SageMaker and Firehose (set by Lambda)
 *   <li>{@value #EXPOSURE_STREAM}: Firehose delivery stream for exposure events, or {@value #EXPOSURE_DIR}: a local
 *       directory of JSON-lines files; neither: events are dropped (a warning is logged)
 *   <li>{@value #SAGEMAKER_URL}, {@value #FIREHOSE_URL}: endpoint overrides (local serving, tests)
 *   <li>{@value HttpClients#CHOICE}: "default" for the SDK's default HTTP client
 * </ul>
 */
public final class RouterEnvironment {

    public static final String CONFIG = "CAIRN_ROUTER_CONFIG";
    public static final String EXPOSURE_STREAM = "CAIRN_EXPOSURE_STREAM";
    public static final String EXPOSURE_DIR = "CAIRN_EXPOSURE_DIR";
    public static final String SAGEMAKER_URL = "CAIRN_SAGEMAKER_ENDPOINT_URL";
    public static final String FIREHOSE_URL = "CAIRN_FIREHOSE_ENDPOINT_URL";

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
        ExposureLog exposures;
        if (env.get(EXPOSURE_STREAM) != null) {
            URI firehose = env.containsKey(FIREHOSE_URL)
                    ? URI.create(env.get(FIREHOSE_URL))
                    : FirehoseExposureLog.defaultEndpoint(region);
            exposures = new FirehoseExposureLog(signer, firehose, env.get(EXPOSURE_STREAM), log);
        } else if (env.get(EXPOSURE_DIR) != null) {
            exposures = priming ? ExposureLog.DISCARD : new FileExposureLog(Path.of(env.get(EXPOSURE_DIR)));
        } else {
            if (!priming) {
                log.println("cairn router: neither " + EXPOSURE_STREAM + " nor " + EXPOSURE_DIR
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
