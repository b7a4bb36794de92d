package dev.cairn.functions.aws;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Consumer;

/**
 * A strict stand-in for Lambda's Runtime API (2018-06-01) and Extensions API (2020-01-01) on localhost, for a real
 * runtime client and internal extensions, keeping the lifecycle rules of
 * <a href="https://docs.aws.amazon.com/lambda/latest/dg/runtimes-extensions-api.html">the Extensions API</a>:
 * <ul>
 *   <li>registration ({@code POST /extension/register}, header Lambda-Extension-Name) only during Init, before the
 *       runtime's first {@code /runtime/invocation/next}: later it is refused with 403; an extension here is an
 *       internal one (a thread of the runtime process), so registering for SHUTDOWN is refused with 400;
 *   <li>each invocation goes to the runtime and, as an INVOKE event, to every registered extension;
 *   <li>the caller gets its response as soon as the runtime posts {@code /runtime/invocation/{id}/response};
 *   <li>the environment freezes only once the runtime and every extension have asked for their next event: the
 *       freeze is recorded (and {@code onFreeze} runs, still before anything else can happen in the environment), and
 *       only then is the next invocation delivered.
 * </ul>
 */
public final class LocalRuntimeApi implements AutoCloseable {

    /** What the runtime posted for an invocation (response or error), and when the stand-in got it. */
    public record Answer(String requestId, boolean error, String body, long atNanos) {}

    /** The environment froze after {@code requestId} (null: after Init). */
    public record Freeze(String requestId, long atNanos) {}

    /** An invocation the test started. */
    public record Invocation(
            String requestId,
            CompletableFuture<Long> deliveredAtNanos,
            CompletableFuture<Answer> answer,
            CompletableFuture<Freeze> freeze) {}

    /** A registration attempt and the status it got. */
    public record Registration(String name, int status) {}

    /** What a party (the runtime or an extension) gets from its pending next call. */
    private record Event(Map<String, String> headers, String body) {}

    private static final class Party {
        final LinkedBlockingQueue<Event> events = new LinkedBlockingQueue<>();
        boolean waiting;
    }

    private record Pending(Invocation invocation, String payload) {}

    private static final String FUNCTION_ARN = "arn:aws:lambda:eu-west-1:123456789012:function:cairn-router";

    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final boolean acceptRegistrations;
    private final long functionTimeoutMs;
    private final Consumer<Freeze> onFreeze;
    private final CompletableFuture<Freeze> initDone = new CompletableFuture<>();

    // guarded by this
    private boolean runtimeAskedForInvocations;
    private final Party runtime = new Party();
    private final Map<String, Party> extensions = new LinkedHashMap<>();
    private final List<Registration> registrations = new ArrayList<>();
    private final ArrayDeque<Pending> queued = new ArrayDeque<>();
    private Pending current;
    private boolean frozen;
    private boolean answered;
    private final List<Freeze> freezes = new ArrayList<>();

    /**
     * @param acceptRegistrations false to refuse every registration with 403 (a Runtime API without extensions)
     * @param functionTimeoutMs each invocation's deadline, from its delivery
     * @param onFreeze runs at each freeze, before the next invocation is delivered
     */
    public LocalRuntimeApi(boolean acceptRegistrations, long functionTimeoutMs, Consumer<Freeze> onFreeze) {
        this.acceptRegistrations = acceptRegistrations;
        this.functionTimeoutMs = functionTimeoutMs;
        this.onFreeze = onFreeze;
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", this::handle);
        server.setExecutor(threads); // next calls block: one thread each
        server.start();
    }

    /** The value of AWS_LAMBDA_RUNTIME_API. */
    public String hostAndPort() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    /** Completes when Init is over: the runtime and every registered extension asked for their next event. */
    public CompletableFuture<Freeze> initDone() {
        return initDone;
    }

    /** Queues an invocation; it is delivered once the environment is frozen after the one before. */
    public synchronized Invocation invoke(String payload) {
        Invocation i = new Invocation(
                UUID.randomUUID().toString(),
                new CompletableFuture<>(),
                new CompletableFuture<>(),
                new CompletableFuture<>());
        queued.add(new Pending(i, payload));
        advance();
        return i;
    }

    public synchronized List<Registration> registrations() {
        return List.copyOf(registrations);
    }

    public synchronized List<Freeze> freezes() {
        return List.copyOf(freezes);
    }

    /** Freezes when everyone waits, then delivers the next queued invocation. Called with the lock held. */
    private void advance() {
        if (!frozen && runtime.waiting && extensions.values().stream().allMatch(p -> p.waiting)) {
            if (current != null && !answered) {
                return; // the runtime asked for more without answering: not over (a real Lambda would fail it)
            }
            frozen = true;
            Freeze f = new Freeze(current == null ? null : current.invocation().requestId(), System.nanoTime());
            freezes.add(f);
            onFreeze.accept(f);
            if (current == null) {
                initDone.complete(f);
            } else {
                current.invocation().freeze().complete(f);
            }
            current = null;
        }
        if (frozen && !queued.isEmpty()) {
            current = queued.poll();
            frozen = false;
            answered = false;
            String id = current.invocation().requestId();
            long deadlineMs = System.currentTimeMillis() + functionTimeoutMs;
            runtime.waiting = false;
            runtime.events.add(new Event(
                    Map.of(
                            "Lambda-Runtime-Aws-Request-Id",
                            id,
                            "Lambda-Runtime-Deadline-Ms",
                            Long.toString(deadlineMs),
                            "Lambda-Runtime-Invoked-Function-Arn",
                            FUNCTION_ARN,
                            "Lambda-Runtime-Trace-Id",
                            "Root=1-00000000-000000000000000000000000;Sampled=0",
                            "Content-Type",
                            "application/json"),
                    current.payload()));
            String invoke = "{\"eventType\":\"INVOKE\",\"deadlineMs\":" + deadlineMs + ",\"requestId\":\"" + id
                    + "\",\"invokedFunctionArn\":\"" + FUNCTION_ARN
                    + "\",\"tracing\":{\"type\":\"X-Amzn-Trace-Id\",\"value\":\"Root=1-00000000-000000000000000000000000\"}}";
            for (Party p : extensions.values()) {
                p.waiting = false;
                p.events.add(new Event(Map.of("Content-Type", "application/json"), invoke));
            }
            current.invocation().deliveredAtNanos().complete(System.nanoTime());
        }
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String method = ex.getRequestMethod();
            String path = ex.getRequestURI().getPath();
            byte[] body;
            try (InputStream in = ex.getRequestBody()) {
                body = in.readAllBytes();
            }
            if (method.equals("GET") && path.equals("/2018-06-01/runtime/invocation/next")) {
                synchronized (this) {
                    runtimeAskedForInvocations = true;
                    runtime.waiting = true;
                    advance();
                }
                send(ex, 200, take(runtime));
            } else if (method.equals("POST") && path.matches("/2018-06-01/runtime/invocation/[^/]+/(response|error)")) {
                String[] parts = path.split("/");
                answer(ex, parts[4], parts[5].equals("error"), new String(body, StandardCharsets.UTF_8));
            } else if (method.equals("POST") && path.equals("/2018-06-01/runtime/init/error")) {
                initDone.completeExceptionally(
                        new IllegalStateException("init error: " + new String(body, StandardCharsets.UTF_8)));
                send(ex, 202, json("{\"status\":\"OK\"}"));
            } else if (method.equals("POST") && path.equals("/2020-01-01/extension/register")) {
                register(ex, new String(body, StandardCharsets.UTF_8));
            } else if (method.equals("GET") && path.equals("/2020-01-01/extension/event/next")) {
                Party p;
                synchronized (this) {
                    p = extensions.get(ex.getRequestHeaders().getFirst("Lambda-Extension-Identifier"));
                    if (p != null) {
                        p.waiting = true;
                        advance();
                    }
                }
                if (p == null) {
                    send(ex, 403, json("{\"errorMessage\":\"unknown Lambda-Extension-Identifier\"}"));
                } else {
                    send(ex, 200, take(p));
                }
            } else {
                send(ex, 404, json("{\"errorMessage\":\"no such path: " + method + " " + path + "\"}"));
            }
        }
    }

    private void answer(HttpExchange ex, String requestId, boolean error, String body) throws IOException {
        Answer a = new Answer(requestId, error, body, System.nanoTime());
        synchronized (this) {
            if (current == null || !current.invocation().requestId().equals(requestId) || answered) {
                send(ex, 400, json("{\"errorMessage\":\"no invocation " + requestId + " waits for an answer\"}"));
                return;
            }
            answered = true;
            current.invocation().answer().complete(a);
        }
        send(ex, 202, json("{\"status\":\"OK\"}"));
    }

    private void register(HttpExchange ex, String body) throws IOException {
        String name = ex.getRequestHeaders().getFirst("Lambda-Extension-Name");
        int status;
        String id = UUID.randomUUID().toString();
        synchronized (this) {
            if (name == null || name.isBlank()) {
                status = 400;
            } else if (!acceptRegistrations || runtimeAskedForInvocations) {
                status = 403;
            } else if (body.contains("SHUTDOWN") || !body.contains("INVOKE")) {
                status = 400; // an internal extension may not register for SHUTDOWN (and this one wants INVOKE)
            } else {
                status = 200;
                extensions.put(id, new Party());
            }
            registrations.add(new Registration(name, status));
        }
        if (status == 200) {
            ex.getResponseHeaders().add("Lambda-Extension-Identifier", id);
            send(
                    ex,
                    200,
                    json("{\"functionName\":\"cairn-router\",\"functionVersion\":\"$LATEST\","
                            + "\"handler\":\"dev.cairn.functions.router.RouterHandler::handleRequest\"}"));
        } else {
            send(ex, status, json("{\"errorMessage\":\"registration refused\",\"errorType\":\"Extension.Forbidden\"}"));
        }
    }

    private static Event take(Party p) {
        try {
            return p.events.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // closing
            return new Event(Map.of(), "");
        }
    }

    private static Event json(String body) {
        return new Event(Map.of("Content-Type", "application/json"), body);
    }

    private static void send(HttpExchange ex, int status, Event e) throws IOException {
        e.headers().forEach((k, v) -> ex.getResponseHeaders().add(k, v));
        byte[] bytes = e.body().getBytes(StandardCharsets.UTF_8);
        ex.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            try (OutputStream out = ex.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
