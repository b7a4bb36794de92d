package dev.cairn.oracle.cloud;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;

/**
 * The credentials endpoint ECS gives a task for its job role: the SDK's container credentials provider
 * reads it from {@code AWS_CONTAINER_CREDENTIALS_FULL_URI} (ECS sets the relative form; a loopback full
 * URI is what the SDK accepts off ECS). It hands out s3proxy's keys.
 */
public final class ContainerCredentials implements AutoCloseable {
    private final HttpServer server;

    public ContainerCredentials(String accessKeyId, String secretAccessKey) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/v2/credentials", exchange -> {
            byte[] body = ("{\"AccessKeyId\": \"" + accessKeyId + "\", \"SecretAccessKey\": \"" + secretAccessKey
                            + "\", \"Expiration\": \"" + Instant.now().plus(6, ChronoUnit.HOURS) + "\"}")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("content-type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
    }

    /** The variable a container's SDK finds its credentials through. */
    public Map<String, String> environment() {
        return Map.of(
                "AWS_CONTAINER_CREDENTIALS_FULL_URI",
                "http://127.0.0.1:" + server.getAddress().getPort() + "/v2/credentials");
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
