package dev.cairn.functions.aws;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.cairn.router.config.json.StrictJson;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A Lambda internal extension: a thread of the runtime process, registered with the Extensions API, that lets an
 * invocation finish work after its response is sent. Lambda returns the function's response as soon as the handler
 * returns, but freezes the execution environment only once the runtime and every extension have asked for their next
 * event (<a href="https://docs.aws.amazon.com/lambda/latest/dg/runtimes-extensions-api.html">Extensions API</a>):
 * the handler hands its remaining work over ({@link #afterResponse}) and returns; this thread, on the invocation's
 * INVOKE event, waits for that hand-over, runs the work, and only then asks for the next event.
 *
 * <pre>{@code
 * Optional<InternalExtension> ext = InternalExtension.register(System.getenv(), "cairn-router", System.err); // Init
 * ext.get().afterResponse(context.getAwsRequestId(), () -> router.flush()); // end of each invocation
 * }</pre>
 *
 * <p>Registration must happen during Init, before the runtime's first {@code /runtime/invocation/next} (the Java
 * runtime builds the handler before that). An internal extension may register for INVOKE only: the runtime process
 * starts and stops it, so SHUTDOWN is refused.
 */
public final class InternalExtension {

    /** Environment variable holding the Runtime API's host:port, set by Lambda for the runtime and extensions. */
    public static final String RUNTIME_API = "AWS_LAMBDA_RUNTIME_API";

    static final String API = "/2020-01-01/extension";
    static final String NAME_HEADER = "Lambda-Extension-Name";
    static final String ID_HEADER = "Lambda-Extension-Identifier";
    /**
     * The work is run before the invocation's deadline: asking for the next event later would make Lambda count the
     * invocation as timed out. This much is kept for the run's own end and the next request.
     */
    static final long DEADLINE_MARGIN_MS = 200;
    /** Registering is one local call during Init; a Runtime API that does not answer this fast is not usable. */
    static final int REGISTER_TIMEOUT_MS = 5_000;

    private record HandOver(String requestId, Runnable work) {}

    private final URI api;
    private final String name;
    private final String id;
    private final PrintStream log;
    private final LinkedBlockingQueue<HandOver> handOvers = new LinkedBlockingQueue<>();
    private volatile boolean running = true;

    private InternalExtension(URI api, String name, String id, PrintStream log) {
        this.api = api;
        this.name = name;
        this.id = id;
        this.log = log;
    }

    /**
     * Registers an extension named {@code name} for INVOKE events and starts its thread; empty, with one line in
     * {@code log} saying why, when {@value #RUNTIME_API} is not set (not in Lambda) or the Runtime API refuses.
     */
    public static Optional<InternalExtension> register(Map<String, String> env, String name, PrintStream log) {
        String hostAndPort = env.get(RUNTIME_API);
        if (hostAndPort == null || hostAndPort.isBlank()) {
            log.println("cairn: internal extension " + name + ": " + RUNTIME_API
                    + " is not set (not in Lambda): work after the response is done before the handler returns");
            return Optional.empty();
        }
        URI api = URI.create("http://" + hostAndPort);
        String id;
        try {
            id = registerAs(api, name);
        } catch (IOException | RuntimeException e) {
            log.println("cairn: internal extension " + name + ": registering at " + api + API + "/register failed ("
                    + e.getMessage() + "): work after the response is done before the handler returns");
            return Optional.empty();
        }
        InternalExtension extension = new InternalExtension(api, name, id, log);
        Thread thread = new Thread(() -> extension.loop(), name + "-extension");
        thread.setDaemon(true); // the runtime process ends when the runtime does; Lambda then stops the environment
        thread.start();
        return Optional.of(extension);
    }

    private static String registerAs(URI api, String name) throws IOException {
        HttpURLConnection c =
                (HttpURLConnection) api.resolve(API + "/register").toURL().openConnection();
        c.setConnectTimeout(REGISTER_TIMEOUT_MS);
        c.setReadTimeout(REGISTER_TIMEOUT_MS);
        c.setRequestMethod("POST");
        c.setRequestProperty(NAME_HEADER, name);
        c.setRequestProperty("Content-Type", "application/json");
        c.setDoOutput(true);
        try (OutputStream out = c.getOutputStream()) {
            out.write("{\"events\":[\"INVOKE\"]}".getBytes(StandardCharsets.UTF_8));
        }
        int status = c.getResponseCode();
        String body = body(c, status);
        String id = c.getHeaderField(ID_HEADER);
        if (status != 200 || id == null || id.isBlank()) {
            throw new IOException(
                    "status " + status + (id == null ? ", no " + ID_HEADER + " header" : "") + ": " + body.strip());
        }
        return id;
    }

    /**
     * Hands work over to this extension's thread, which runs it before the environment freezes after invocation
     * {@code requestId}; the caller returns at once. Runs the work on the calling thread instead when the extension's
     * thread has stopped.
     */
    public void afterResponse(String requestId, Runnable work) {
        Objects.requireNonNull(work, "work");
        handOvers.add(new HandOver(requestId, work));
        if (!running) {
            // the thread stopped (before or while this was added): run what it will not
            for (HandOver h; (h = handOvers.poll()) != null; ) {
                run(h);
            }
        }
    }

    /** False once the extension's thread stopped (the Runtime API failed); work is then done by the caller. */
    public boolean running() {
        return running;
    }

    private void loop() {
        try {
            while (true) {
                Event event = next();
                if (!"INVOKE".equals(event.type())) {
                    log.println("cairn: internal extension " + name + ": unexpected " + event.type()
                            + " event from the Extensions API; stopping");
                    return;
                }
                finish(event);
            }
        } catch (IOException | RuntimeException e) {
            log.println("cairn: internal extension " + name + ": the Extensions API failed (" + e
                    + "); work after the response is now done before the handler returns");
        } finally {
            running = false;
            // whatever was handed over in between still runs
            for (HandOver h; (h = handOvers.poll()) != null; ) {
                run(h);
            }
        }
    }

    /** Runs what the invocation's handler hands over, waiting for it at most until shortly before the deadline. */
    private void finish(Event event) {
        long waitUntil = event.deadlineMs() - DEADLINE_MARGIN_MS;
        while (true) {
            long leftMs = waitUntil - System.currentTimeMillis();
            HandOver h;
            try {
                h = handOvers.poll(Math.max(leftMs, 0), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for invocation " + event.requestId(), e);
            }
            if (h == null) {
                log.println("cairn: internal extension " + name + ": invocation " + event.requestId()
                        + " handed no work over before its deadline "
                        + "(the handler did not run or did not finish): asking for the next event");
                return;
            }
            run(h);
            if (Objects.equals(h.requestId(), event.requestId())) {
                return;
            }
        }
    }

    private void run(HandOver h) {
        try {
            h.work().run();
        } catch (RuntimeException e) {
            log.println("cairn: internal extension " + name + ": work after the response of invocation " + h.requestId()
                    + " failed: " + e);
        }
    }

    record Event(String type, String requestId, long deadlineMs) {}

    /** Blocks until the next event (the docs: no timeout on this call, the environment may be frozen in it). */
    private Event next() throws IOException {
        HttpURLConnection c =
                (HttpURLConnection) api.resolve(API + "/event/next").toURL().openConnection();
        c.setRequestProperty(ID_HEADER, id);
        int status = c.getResponseCode();
        String body = body(c, status);
        if (status != 200) {
            throw new IOException("event/next answered status " + status + ": " + body.strip());
        }
        return parse(body);
    }

    static Event parse(String json) {
        String type = null;
        String requestId = null;
        long deadlineMs = 0;
        try (JsonParser p = StrictJson.FACTORY.createParser(json)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IllegalArgumentException("an event is a JSON object, got: " + json);
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken value = p.nextToken();
                switch (field) {
                    case "eventType" -> type = p.getText();
                    case "requestId" -> requestId = p.getText();
                    case "deadlineMs" ->
                        deadlineMs = value == JsonToken.VALUE_STRING ? Long.parseLong(p.getText()) : p.getLongValue();
                    default -> p.skipChildren();
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("the Extensions API sent an event that is not JSON: " + json, e);
        }
        if (type == null) {
            throw new IllegalArgumentException("event without eventType: " + json);
        }
        return new Event(type, requestId, deadlineMs);
    }

    private static String body(HttpURLConnection c, int status) throws IOException {
        try (InputStream in = status >= 400 ? c.getErrorStream() : c.getInputStream()) {
            return in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
