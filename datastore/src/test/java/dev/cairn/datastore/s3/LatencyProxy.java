package dev.cairn.datastore.s3;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * An HTTP/1.1 proxy in front of an S3-compatible server that waits a fixed delay before forwarding each request, as
 * a region's round trip would, and counts the requests by S3 operation. Clients talk to {@link #endpoint()} as to
 * any endpoint override: every request is forwarded byte for byte (the Host header the client signed with SigV4
 * included, so the server verifies the signature as sent), and so is every response.
 *
 * <pre>{@code
 * try (LatencyProxy slow = LatencyProxy.of(S3Proxy.shared(), Duration.ofMillis(20))) {
 *     S3ObjectStore store = new S3ObjectStore(slow.client(), bucket, "cairn");
 *     ...
 *     slow.requests(LatencyProxy.Operation.GET_OBJECT);
 * }
 * }</pre>
 */
public final class LatencyProxy implements AutoCloseable {
    /** What a request asks of S3, told from its method and path-style path. */
    public enum Operation {
        GET_OBJECT,
        HEAD,
        LIST,
        PUT,
        POST,
        DELETE,
        OTHER
    }

    private static final int MAX_HEAD_BYTES = 64 << 10;

    private final ServerSocket server;
    private final URI upstream;
    private final URI endpoint;
    private final Map<Operation, LongAdder> counts = new EnumMap<>(Operation.class);
    private final Map<Socket, Boolean> open = new ConcurrentHashMap<>();
    private final S3Client client;
    private volatile Duration delay;

    /**
     * A proxy on a free localhost port forwarding to {@code upstream} (http only) after {@code delay} per request;
     * {@code credentials} are the server's identity and secret, for {@link #client()}.
     */
    private final java.util.concurrent.atomic.AtomicInteger inFlight = new java.util.concurrent.atomic.AtomicInteger();

    private final java.util.concurrent.atomic.AtomicInteger mostInFlight =
            new java.util.concurrent.atomic.AtomicInteger();

    public LatencyProxy(URI upstream, Duration delay, AwsBasicCredentials credentials) throws IOException {
        if (!"http".equals(upstream.getScheme())) {
            throw new IllegalArgumentException("LatencyProxy forwards plain http only, got " + upstream);
        }
        this.upstream = upstream;
        this.delay = delay;
        for (Operation operation : Operation.values()) {
            counts.put(operation, new LongAdder());
        }
        server = new ServerSocket(0, 256, InetAddress.getLoopbackAddress());
        endpoint = URI.create("http://127.0.0.1:" + server.getLocalPort());
        Thread.ofPlatform()
                .daemon()
                .name("latency-proxy-" + server.getLocalPort())
                .start(this::accept);
        client = S3ObjectStore.newClient(Region.US_EAST_1, StaticCredentialsProvider.create(credentials), endpoint);
    }

    /** A proxy in front of {@code s3} (the test JVM's s3proxy), with its credentials. */
    public static LatencyProxy of(S3Proxy s3, Duration delay) throws IOException {
        return new LatencyProxy(s3.endpoint(), delay, AwsBasicCredentials.create(S3Proxy.IDENTITY, S3Proxy.CREDENTIAL));
    }

    public URI endpoint() {
        return endpoint;
    }

    /** An S3 client that reaches the server through this proxy, configured as {@link S3ObjectStore#newClient}. */
    public S3Client client() {
        return client;
    }

    /** {@link S3Proxy#environment()} with this proxy as the endpoint: for the CLI and {@code fromEnvironment}. */
    public Map<String, String> environment(S3Proxy s3) {
        Map<String, String> env = new java.util.HashMap<>(s3.environment());
        env.put(S3ObjectStore.ENDPOINT_ENV, endpoint.toString());
        return Map.copyOf(env);
    }

    public Duration delay() {
        return delay;
    }

    /** Changes the delay for the requests that arrive from now on. */
    public void delay(Duration delay) {
        this.delay = delay;
    }

    /** Requests of {@code operation} forwarded since the start or the last {@link #resetCounts()}. */
    public long requests(Operation operation) {
        return counts.get(operation).sum();
    }

    /** All requests forwarded since the start or the last {@link #resetCounts()}. */
    public long requests() {
        return counts.values().stream().mapToLong(LongAdder::sum).sum();
    }

    /** The requests by operation, those with none left out. */
    public Map<Operation, Long> requestsByOperation() {
        Map<Operation, Long> byOperation = new EnumMap<>(Operation.class);
        counts.forEach((operation, count) -> {
            if (count.sum() > 0) {
                byOperation.put(operation, count.sum());
            }
        });
        return byOperation;
    }

    /**
     * The most requests that waited out their delay at the same time since the start or the last
     * {@link #resetCounts()}: 1 for a reader that makes one request after another.
     */
    public int mostInFlight() {
        return mostInFlight.get();
    }

    public void resetCounts() {
        counts.values().forEach(LongAdder::reset);
        mostInFlight.set(0);
    }

    @Override
    public void close() throws IOException {
        client.close();
        server.close();
        for (Socket socket : open.keySet()) {
            socket.close();
        }
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                Thread.ofVirtual().start(() -> serve(socket));
            } catch (IOException e) {
                // closed: the loop ends
            }
        }
    }

    /** One client connection, kept alive as long as the client keeps it, over one upstream connection. */
    private void serve(Socket downstream) {
        open.put(downstream, true);
        try (downstream;
                Socket up = new Socket(upstream.getHost(), upstream.getPort())) {
            open.put(up, true);
            // a request's head and body go out as separate writes: with Nagle's algorithm the body would wait for
            // the server's delayed ACK of the head (40 ms on Linux), a delay no region adds on top of its round trip
            up.setTcpNoDelay(true);
            downstream.setTcpNoDelay(true);
            try {
                InputStream fromClient = new BufferedInputStream(downstream.getInputStream());
                OutputStream toClient = downstream.getOutputStream();
                InputStream fromServer = new BufferedInputStream(up.getInputStream());
                OutputStream toServer = up.getOutputStream();
                while (forward(fromClient, toClient, fromServer, toServer)) {
                    // next request on the same connection
                }
            } finally {
                open.remove(up);
            }
        } catch (IOException e) {
            // a connection that broke or was closed: the client sees it and retries as it would with S3
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            open.remove(downstream);
        }
    }

    /** Forwards one request and its response; false when the connection is done. */
    private boolean forward(
            InputStream fromClient, OutputStream toClient, InputStream fromServer, OutputStream toServer)
            throws IOException, InterruptedException {
        Head request = Head.read(fromClient);
        if (request == null) {
            return false;
        }
        counts.get(operation(request)).increment();
        mostInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
        try {
            Thread.sleep(delay);
        } finally {
            inFlight.decrementAndGet();
        }
        toServer.write(request.bytes());
        boolean continueFirst = "100-continue".equalsIgnoreCase(request.header("expect"));
        if (!continueFirst) {
            copyBody(request, fromClient, toServer);
            toServer.flush();
        } else {
            toServer.flush();
        }
        Head response = Head.read(fromServer);
        while (response != null && response.status() / 100 == 1) {
            toClient.write(response.bytes());
            toClient.flush();
            if (response.status() == 100 && continueFirst) {
                copyBody(request, fromClient, toServer);
                toServer.flush();
                continueFirst = false;
            }
            response = Head.read(fromServer);
        }
        if (response == null) {
            return false;
        }
        toClient.write(response.bytes());
        boolean untilClose = false;
        if (!request.method().equals("HEAD") && response.status() != 204 && response.status() != 304) {
            untilClose = !copyBody(response, fromServer, toClient);
        }
        toClient.flush();
        return !untilClose
                && !continueFirst
                && !"close".equalsIgnoreCase(response.header("connection"))
                && !"close".equalsIgnoreCase(request.header("connection"));
    }

    /** Copies the body {@code head} announces; false when it has no length and ran until the connection closed. */
    private static boolean copyBody(Head head, InputStream in, OutputStream out) throws IOException {
        String encoding = head.header("transfer-encoding");
        if (encoding != null && encoding.toLowerCase(Locale.ROOT).contains("chunked")) {
            copyChunked(in, out);
            return true;
        }
        String length = head.header("content-length");
        if (length != null) {
            copyExactly(in, out, Long.parseLong(length.trim()));
            return true;
        }
        if (head.isRequest()) {
            return true; // a request without either has no body
        }
        in.transferTo(out);
        return false;
    }

    private static void copyChunked(InputStream in, OutputStream out) throws IOException {
        while (true) {
            String sizeLine = readLine(in);
            out.write((sizeLine + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
            int extension = sizeLine.indexOf(';');
            long size = Long.parseLong((extension < 0 ? sizeLine : sizeLine.substring(0, extension)).trim(), 16);
            if (size == 0) {
                for (String trailer = readLine(in); ; trailer = readLine(in)) {
                    out.write((trailer + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
                    if (trailer.isEmpty()) {
                        return;
                    }
                }
            }
            copyExactly(in, out, size + 2); // the chunk and its CRLF
        }
    }

    private static void copyExactly(InputStream in, OutputStream out, long length) throws IOException {
        byte[] buffer = new byte[(int) Math.min(64 << 10, Math.max(length, 1))];
        for (long left = length; left > 0; ) {
            int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
            if (n < 0) {
                throw new EOFException("connection closed " + left + " bytes before the end of a body");
            }
            out.write(buffer, 0, n);
            left -= n;
        }
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0) {
                throw new EOFException("connection closed in the middle of a line");
            }
            if (line.size() > MAX_HEAD_BYTES) {
                throw new IOException("a line longer than " + MAX_HEAD_BYTES + " bytes");
            }
            line.write(b);
        }
        String text = line.toString(StandardCharsets.ISO_8859_1);
        return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
    }

    /** Path style: {@code /bucket} (and a query) is the bucket, {@code /bucket/key} an object. */
    static Operation operation(Head request) {
        String target = request.target();
        int query = target.indexOf('?');
        String path = query < 0 ? target : target.substring(0, query);
        boolean object = path.indexOf('/', 1) > 0 && path.indexOf('/', 1) < path.length() - 1;
        return switch (request.method()) {
            case "GET" -> object ? Operation.GET_OBJECT : Operation.LIST;
            case "HEAD" -> Operation.HEAD;
            case "PUT" -> Operation.PUT;
            case "POST" -> Operation.POST;
            case "DELETE" -> Operation.DELETE;
            default -> Operation.OTHER;
        };
    }

    /** A request's or response's start line and headers, as the bytes that came and parsed. */
    record Head(byte[] bytes, String startLine, Map<String, String> headers) {
        /** The next head on {@code in}; null when the connection closed before one began. */
        static Head read(InputStream in) throws IOException {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            int matched = 0; // of "\r\n\r\n"
            while (matched < 4) {
                int b = in.read();
                if (b < 0) {
                    if (bytes.size() == 0) {
                        return null;
                    }
                    throw new EOFException("connection closed in the middle of a message head");
                }
                bytes.write(b);
                if (bytes.size() > MAX_HEAD_BYTES) {
                    throw new IOException("a message head longer than " + MAX_HEAD_BYTES + " bytes");
                }
                if (b == '\r') {
                    matched = matched == 2 ? 3 : 1;
                } else {
                    matched = b == '\n' && (matched == 1 || matched == 3) ? matched + 1 : 0;
                }
            }
            String[] lines = bytes.toString(StandardCharsets.ISO_8859_1).split("\r\n");
            Map<String, String> headers = new java.util.HashMap<>();
            for (int i = 1; i < lines.length; i++) {
                int colon = lines[i].indexOf(':');
                if (colon > 0) {
                    headers.put(
                            lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
                            lines[i].substring(colon + 1).trim());
                }
            }
            return new Head(bytes.toByteArray(), lines[0], headers);
        }

        String header(String lowerCaseName) {
            return headers.get(lowerCaseName);
        }

        boolean isRequest() {
            return !startLine.startsWith("HTTP/");
        }

        String method() {
            return startLine.substring(0, startLine.indexOf(' '));
        }

        String target() {
            String[] parts = startLine.split(" ");
            return parts.length > 1 ? parts[1] : "/";
        }

        int status() {
            String[] parts = startLine.split(" ");
            return parts.length > 1 ? Integer.parseInt(parts[1]) : 0;
        }
    }
}
