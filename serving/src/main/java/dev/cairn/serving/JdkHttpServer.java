package dev.cairn.serving;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The JDK's HTTP server with its own pool of daemon worker threads, started and stopped as one: the model
 * server and the local stand-ins of {@code cairn serve} run on it.
 */
public final class JdkHttpServer implements AutoCloseable {
    private final HttpServer server;
    private final ExecutorService executor;

    private JdkHttpServer(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    /** Serves every path with {@code handler} on {@code address} (port 0: any free port). */
    public static JdkHttpServer start(InetSocketAddress address, int threads, String threadName, HttpHandler handler)
            throws IOException {
        HttpServer server = HttpServer.create(address, 0);
        ExecutorService executor = Executors.newFixedThreadPool(
                threads, Thread.ofPlatform().daemon().name(threadName, 1).factory());
        server.setExecutor(executor);
        server.createContext("/", handler);
        server.start();
        return new JdkHttpServer(server, executor);
    }

    /** The port it listens on (the one chosen when started on port 0). */
    public int port() {
        return server.getAddress().getPort();
    }

    /** The address and port it listens on. */
    public InetSocketAddress address() {
        return server.getAddress();
    }

    /** Stops answering; requests in flight are cut off. */
    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    /** Answers {@code status} with {@code body} (none when empty) of {@code contentType}. */
    public static void send(HttpExchange exchange, int status, String contentType, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }
}
