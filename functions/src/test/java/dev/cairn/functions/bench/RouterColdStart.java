package dev.cairn.functions.bench;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import dev.cairn.functions.router.FixedContext;
import dev.cairn.functions.router.RouterHandler;
import java.time.Instant;
import java.util.Map;

/**
 * One cold start of the router as Lambda runs it: a fresh JVM builds {@link RouterHandler} from the environment
 * (CAIRN_ROUTER_CONFIG, the local SageMaker runtime of {@code cairn serve} in front of a model server) and routes
 * one API Gateway event, signed, over HTTP.
 * Prints the time from the launch instant (args[0], epoch microseconds taken by the shell right before starting
 * java) to the answer: JVM start, class loading, static init and the first request.
 */
public final class RouterColdStart {

    private RouterColdStart() {}

    public static void main(String[] args) {
        long launchedMicros = Long.parseLong(args[0]);
        APIGatewayProxyRequestEvent event = new APIGatewayProxyRequestEvent()
                .withHttpMethod("POST")
                .withPath("/models/churn/predict")
                .withPathParameters(Map.of("model", "churn"))
                .withHeaders(Map.of("Content-Type", "application/json", "X-Unit-Id", "u-42"))
                .withBody("{\"instances\": [{\"tenure_months\": 12, \"monthly_spend\": 70.5, \"support_calls\": 1}]}");
        APIGatewayProxyResponseEvent response = new RouterHandler().handleRequest(event, new FixedContext("cold-1"));
        Instant now = Instant.now();
        long answeredMicros = now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
        if (response.getStatusCode() != 200) {
            System.err.println("router answered " + response.getStatusCode() + ": " + response.getBody());
            System.exit(1);
        }
        System.out.println("cold_init_ms=" + (answeredMicros - launchedMicros) / 1000.0 + " variant="
                + response.getHeaders().get("X-Cairn-Variant"));
    }
}
