package dev.cairn.functions.aws;

import java.time.Duration;
import java.util.Map;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;

/**
 * Picks the HTTP client: the JDK's HttpURLConnection through the SDK's {@link UrlConnectionHttpClient} (few classes,
 * fast cold start) unless {@value #CHOICE}=default (system property or environment), which asks the SDK's own
 * default loader; that needs the {@code -lambda-default-http} jar (sdk-core and the Apache client).
 */
public final class HttpClients {

    /** System property or environment variable choosing the client. */
    public static final String CHOICE = "CAIRN_HTTP_CLIENT";
    /** Connecting to a regional AWS endpoint takes milliseconds; a hung connect should fail the call early. */
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);
    /** SageMaker's InvokeEndpoint may take up to 60 s before it times out itself. */
    static final Duration SOCKET_TIMEOUT = Duration.ofSeconds(65);

    private HttpClients() {}

    /** The client chosen by {@value #CHOICE} in the system properties, else in {@code env}. */
    public static SdkHttpClient fromEnvironment(Map<String, String> env) {
        return create(System.getProperty(CHOICE, env.getOrDefault(CHOICE, "url-connection")));
    }

    /** "default" for the SDK's default client, anything else (e.g. "url-connection") for UrlConnectionHttpClient. */
    public static SdkHttpClient create(String choice) {
        if ("default".equalsIgnoreCase(choice)) {
            try {
                return SdkDefaultHttpClient.create();
            } catch (NoClassDefFoundError e) {
                throw new IllegalStateException(
                        CHOICE + "=default needs the SDK's default client on the class path: deploy "
                                + "the cairn-functions-*-lambda-default-http.jar, or unset " + CHOICE,
                        e);
            }
        }
        return UrlConnectionHttpClient.builder()
                .connectionTimeout(CONNECT_TIMEOUT)
                .socketTimeout(SOCKET_TIMEOUT)
                .build();
    }
}
