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
 * The JDK's HTTP server with its own daemon workers, started and stopped as one: the model server and the local
 * stand-ins of {@code cairn serve} run on it.
 *
 * <p>The JDK's server reads a request's headers and body on a worker, with no time limit by default, so a few slow
 * clients (half a header, a trickled body) used to take every worker of a small pool. Here each exchange runs on a
 * virtual thread (a slow client parks one, costing a few KB, never one of the few platform threads that run them),
 * at most {@value #MAX_CONNECTIONS} connections are open at once, and a request must arrive within {@value #MAX_REQUEST_SECONDS} s and be answered
 * within {@value #MAX_RESPONSE_SECONDS} s, or its connection is closed. The time limits are the JDK's
 * {@code sun.net.httpserver.maxReqTime} and {@code maxRspTime} system properties, read once per JVM when its first
 * HTTP server starts: they are set here unless already given (with {@code -D}), and apply to every JDK HTTP server
 * of the process.
 */
public final class JdkHttpServer implements AutoCloseable {
    /** Headers and body of a request must arrive within this (a client that sends half a request is cut off). */
    public static final long MAX_REQUEST_SECONDS = 30;
    /** A request read must be answered within this (SageMaker gives an invocation 60 s; the router calls it). */
    public static final long MAX_RESPONSE_SECONDS = 120;

    /** Open connections (each holds a virtual thread while it is read or answered); more wait to be accepted. */
    public static final int MAX_CONNECTIONS = 1024;

    static {
        setUnlessGiven("sun.net.httpserver.maxReqTime", MAX_REQUEST_SECONDS);
        setUnlessGiven("sun.net.httpserver.maxRspTime", MAX_RESPONSE_SECONDS);
        setUnlessGiven("jdk.httpserver.maxConnections", MAX_CONNECTIONS);
    }

    private static void setUnlessGiven(String property, long value) {
        if (System.getProperty(property) == null) {
            System.setProperty(property, Long.toString(value));
        }
    }

    private final HttpServer server;
    private final ExecutorService executor;

    private JdkHttpServer(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    /** Serves every path with {@code handler} on {@code address} (port 0: any free port). */
    public static JdkHttpServer start(InetSocketAddress address, String threadName, HttpHandler handler)
            throws IOException {
        HttpServer server = HttpServer.create(address, 0);
        ExecutorService executor = Executors.newThreadPerTaskExecutor(
                Thread.ofVirtual().name(threadName, 1).factory());
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
