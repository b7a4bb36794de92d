package dev.cairn.functions.router;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import dev.cairn.functions.aws.InternalExtension;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.crac.Core;
import org.crac.Resource;

/**
 * The router Lambda behind API Gateway ({@code POST /models/{model}/predict}): turns the proxy event into a
 * {@link PredictionRouter#route} call and its answer back into a proxy response. The router is built once per
 * execution environment from the environment ({@link RouterEnvironment}); with SnapStart the handler warms the
 * router up before the snapshot ({@link #beforeCheckpoint}), so a restored function answers its first request fast.
 * In Lambda, shadow calls still running when the answer is ready are settled by an internal extension
 * ({@link InternalExtension}) after the answer is sent and before the environment freezes.
 *
 * <p>Handler: {@code dev.cairn.functions.router.RouterHandler::handleRequest}.
 */
public final class RouterHandler
        implements RequestHandler<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent>, Resource {

    /**
     * Lambda's Java runtime builds the serializer of API Gateway events with a Joda module that loads the function's
     * own {@code org.joda.time.DateTime} (aws-lambda-java-libs issue 72): without it in the package every invocation
     * fails with ClassNotFoundException before the handler runs. Referenced here so the minimized package keeps it; a
     * class of its own that nothing initializes, so the router's cold start does not load Joda itself.
     */
    static final class RuntimeEventSerializerNeeds {
        static final Class<?> DATE_TIME = org.joda.time.DateTime.class;

        private RuntimeEventSerializerNeeds() {}
    }

    /** The internal extension's name (Extensions API's Lambda-Extension-Name). */
    public static final String EXTENSION_NAME = "cairn-router-shadows";

    /** Built on first use by the no-argument constructor only (Lambda's init phase), never by the harness's. */
    private static final class FromEnvironment {
        static final PredictionRouter ROUTER = RouterEnvironment.router(System.getenv(), System.out, System.err);
        /** Registered during Init: the Java runtime builds the handler before it asks for the first invocation. */
        static final InternalExtension EXTENSION = InternalExtension.register(
                        System.getenv(), EXTENSION_NAME, System.err)
                .orElse(null);
    }

    private final PredictionRouter router;
    /** Settles shadow calls after the answer, before the environment freezes; null: {@code flush} before returning. */
    private final InternalExtension extension;

    /**
     * The deployed function: the router from the environment, the internal extension registered when the Lambda
     * Runtime API is there, and SnapStart priming registered.
     */
    public RouterHandler() {
        this(FromEnvironment.ROUTER, FromEnvironment.EXTENSION);
        Core.getGlobalContext().register(this);
    }

    /** A handler over a given router that waits for shadow calls before it returns (local harness, tests). */
    public RouterHandler(PredictionRouter router) {
        this(router, null);
    }

    /** A handler over a given router that hands shadow calls to {@code extension} (null: waits for them itself). */
    public RouterHandler(PredictionRouter router, InternalExtension extension) {
        this.router = router;
        this.extension = extension;
    }

    @Override
    public APIGatewayProxyResponseEvent handleRequest(APIGatewayProxyRequestEvent event, Context context) {
        try {
            Map<String, String> params = event.getPathParameters();
            String model = params == null ? null : params.get("model");
            byte[] body;
            try {
                body = body(event);
            } catch (IllegalArgumentException e) {
                return response(PredictionRouter.error(400, "body is marked base64 but is not valid base64", null));
            }
            return response(router.route(model, headers(event), body));
        } catch (RuntimeException e) {
            String requestId = context != null
                    ? context.getAwsRequestId()
                    : event.getRequestContext() != null
                            ? event.getRequestContext().getRequestId() // cairn serve: its local API's request id
                            : "unknown";
            System.err.println("cairn router: internal error, request id " + requestId);
            e.printStackTrace(System.err);
            return response(PredictionRouter.error(500, "internal error, request id " + requestId, null));
        } finally {
            try {
                if (extension != null) {
                    // the answer goes back now; the extension settles the shadow calls before the environment freezes
                    extension.afterResponse(context == null ? null : context.getAwsRequestId(), router.flushLater());
                } else {
                    router.flush();
                }
            } catch (RuntimeException e) {
                System.err.println("cairn router: flushing metrics and exposure events failed: " + e);
            }
        }
    }

    private static byte[] body(APIGatewayProxyRequestEvent event) {
        String body = event.getBody();
        if (body == null) {
            return new byte[0];
        }
        return Boolean.TRUE.equals(event.getIsBase64Encoded())
                ? Base64.getDecoder().decode(body)
                : body.getBytes(StandardCharsets.UTF_8);
    }

    private static Map<String, String> headers(APIGatewayProxyRequestEvent event) {
        Map<String, String> headers = new HashMap<>();
        Map<String, List<String>> multi = event.getMultiValueHeaders();
        if (multi != null) {
            multi.forEach((k, v) -> {
                if (v != null && !v.isEmpty()) {
                    headers.put(k, v.get(0));
                }
            });
        }
        if (event.getHeaders() != null) {
            headers.putAll(event.getHeaders());
        }
        return headers;
    }

    private static APIGatewayProxyResponseEvent response(RouterResponse r) {
        APIGatewayProxyResponseEvent out =
                new APIGatewayProxyResponseEvent().withStatusCode(r.status()).withHeaders(new HashMap<>(r.headers()));
        try {
            // text answers stay text; anything that is not UTF-8 goes back base64 encoded
            String text = StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(r.body()))
                    .toString();
            return out.withBody(text).withIsBase64Encoded(false);
        } catch (CharacterCodingException e) {
            return out.withBody(Base64.getEncoder().encodeToString(r.body())).withIsBase64Encoded(true);
        }
    }

    /** SnapStart: route synthetic requests through a network-free copy of the router so its classes are warm. */
    @Override
    public void beforeCheckpoint(org.crac.Context<? extends Resource> context) {
        SnapshotPriming.prime(System.getenv());
    }

    @Override
    public void afterRestore(org.crac.Context<? extends Resource> context) {
        // nothing to renew: credentials are read per call, and no connection was opened before the snapshot
    }
}
