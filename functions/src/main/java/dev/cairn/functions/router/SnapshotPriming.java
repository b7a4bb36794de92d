package dev.cairn.functions.router;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import dev.cairn.router.config.RouterConfig;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpResponse;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/**
 * Warms the router up before a SnapStart snapshot: builds the same router as the function (same config, signer,
 * SageMaker wire code) over an HTTP client that answers in-process and dummy credentials, and routes a
 * synthetic request per model through {@link RouterHandler}. The classes of parsing, assignment, signing and
 * exposure writing are then loaded and initialized in the snapshot; nothing touches the network, no credentials or
 * events are kept.
 */
final class SnapshotPriming {

    private static final AwsCredentialsIdentity DUMMY = AwsCredentialsIdentity.create("PRIMING", "PRIMING");

    private SnapshotPriming() {}

    /** Routes one synthetic request per model of the config in {@code env}. */
    static void prime(Map<String, String> env) {
        PredictionRouter router = RouterEnvironment.router(
                env,
                new InProcessHttpClient(),
                () -> DUMMY,
                true,
                RouterEnvironment.NOWHERE,
                RouterEnvironment.NOWHERE);
        RouterHandler handler = new RouterHandler(router);
        for (String model :
                RouterConfig.parse(env.get(RouterEnvironment.CONFIG)).models().keySet()) {
            APIGatewayProxyRequestEvent event = new APIGatewayProxyRequestEvent()
                    .withHttpMethod("POST")
                    .withPath("/models/" + model + "/predict")
                    .withPathParameters(Map.of("model", model))
                    .withHeaders(
                            Map.of("Content-Type", "application/json", PredictionRouter.UNIT_HEADER, "cairn-priming"))
                    .withBody("{\"instances\": [{\"x\": 1.5, \"y\": \"a\", \"z\": [true, null]}]}");
            handler.handleRequest(event, null);
        }
    }

    /** Answers every call at once with a prediction. */
    static final class InProcessHttpClient implements SdkHttpClient {

        @Override
        public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
            return new ExecutableHttpRequest() {
                @Override
                public HttpExecuteResponse call() throws IOException {
                    if (request.contentStreamProvider().isPresent()) {
                        try (InputStream in =
                                request.contentStreamProvider().get().newStream()) {
                            in.transferTo(new ByteArrayOutputStream());
                        }
                    }
                    String variant = request.httpRequest()
                            .firstMatchingHeader("X-Amzn-SageMaker-Target-Variant")
                            .orElse("v");
                    byte[] body = "{\"predictions\":[0.5]}".getBytes(StandardCharsets.UTF_8);
                    SdkHttpResponse response = SdkHttpResponse.builder()
                            .statusCode(200)
                            .putHeader("Content-Type", "application/json")
                            .putHeader("X-Amzn-Invoked-Production-Variant", List.of(variant))
                            .build();
                    return HttpExecuteResponse.builder()
                            .response(response)
                            .responseBody(AbortableInputStream.create(new ByteArrayInputStream(body)))
                            .build();
                }

                @Override
                public void abort() {}
            };
        }

        @Override
        public void close() {}
    }
}
