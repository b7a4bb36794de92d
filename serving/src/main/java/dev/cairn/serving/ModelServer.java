package dev.cairn.serving;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.Map;

/**
 * Serves one exported model over HTTP, the way SageMaker runs a bring-your-own container: {@code GET /ping} is 200
 * once the model is loaded, {@code POST /invocations} answers rows.
 *
 * <pre>
 * POST /invocations  Content-Type: application/json
 * {"instances": [{"tenure_months": 12, "monthly_spend": 80.5, "support_calls": 3}]}   or  {"instances": [[12, 80.5, 3]]}
 * 200 {"predictions": [{"label": "stay", "churnProbability": 0.23}]}
 *
 * POST /invocations  Content-Type: text/csv  (Accept: text/csv for CSV answers)
 * 12,80.5,3
 * </pre>
 *
 * Errors: 400 bad JSON or row (the message names row and feature) or a malformed request, 413 body over 6 MB, 415
 * other content types, 404 other paths, 405 wrong method, 431 headers over 16 KB, 500 a model that failed (naming a
 * request id; the exception goes to the server's log); always {@code {"error": "..."}}.
 *
 * <pre>{@code
 * try (ModelServer server = ModelServer.start(Path.of("model"), 0)) {
 *     URI ping = URI.create("http://localhost:" + server.port() + "/ping");
 * }
 * }</pre>
 */
public final class ModelServer implements AutoCloseable {
    /** Where SageMaker extracts model.tar.gz, unless $SM_MODEL_DIR says otherwise. */
    public static final String DEFAULT_MODEL_DIR = "/opt/ml/model";
    /** The port SageMaker sends requests to, unless $SAGEMAKER_BIND_TO_PORT says otherwise. */
    public static final int DEFAULT_PORT = 8080;

    private final HttpServer server;

    private ModelServer(HttpServer server) {
        this.server = server;
    }

    /**
     * Loads the model in {@code modelDir} ({@link LoadedModel#load}) with the context class loader, and serves it on
     * {@code port} (0: any free port) on every interface.
     */
    public static ModelServer start(Path modelDir, int port) throws IOException {
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        return start(modelDir, port, loader != null ? loader : ModelServer.class.getClassLoader());
    }

    /** {@link #start(Path, int)} with the value type and codecs found by {@code loader}. */
    public static ModelServer start(Path modelDir, int port, ClassLoader loader) throws IOException {
        // every interface: in the serving container SageMaker reaches it from outside
        return start(new InetSocketAddress(port), modelDir, loader);
    }

    /**
     * {@link #start(Path, int, ClassLoader)} on one address only ({@code cairn serve} keeps its model servers on
     * the loopback interface unless told otherwise).
     */
    public static ModelServer start(InetSocketAddress address, Path modelDir, ClassLoader loader) throws IOException {
        LoadedModel model = LoadedModel.load(modelDir, loader);
        HttpServer server = HttpServer.start(
                address, "cairn-serving-", InvocationsHandler.BODY_LIMIT, new InvocationsHandler(model));
        ModelManifest m = model.manifest();
        System.out.printf(
                "cairn model server: serving %s (%s, code %s, %d features) on port %d%n",
                m.model(),
                m.valueType(),
                m.codeVersion(),
                model.predictor().features().size(),
                server.port());
        return new ModelServer(server);
    }

    /** The port it listens on (the one chosen when started on port 0). */
    public int port() {
        return server.port();
    }

    /** The address and port it listens on. */
    public InetSocketAddress address() {
        return server.address();
    }

    /** Stops answering; requests in flight are cut off. */
    @Override
    public void close() {
        server.close();
    }

    /**
     * The container's entry point: serves {@code $SM_MODEL_DIR} (default {@value #DEFAULT_MODEL_DIR}) on
     * {@code $SAGEMAKER_BIND_TO_PORT} (default {@value #DEFAULT_PORT}). SageMaker starts the container with the
     * argument {@code serve}, which is accepted and ignored.
     */
    public static void main(String[] args) {
        if (args.length > 1 || args.length == 1 && !args[0].equals("serve")) {
            System.err.println("usage: ModelServer [serve]   (model folder: $SM_MODEL_DIR or " + DEFAULT_MODEL_DIR
                    + "; port: $SAGEMAKER_BIND_TO_PORT or " + DEFAULT_PORT + "; this image does not train)");
            System.exit(2);
        }
        Map<String, String> env = System.getenv();
        try {
            Path dir = Path.of(env.getOrDefault("SM_MODEL_DIR", DEFAULT_MODEL_DIR));
            ModelServer server = start(dir, port(env));
            Runtime.getRuntime().addShutdownHook(new Thread(server::close, "cairn-serving-stop"));
        } catch (IOException | RuntimeException e) {
            System.err.println("cairn model server: " + e.getMessage());
            System.exit(1);
        }
    }

    private static int port(Map<String, String> env) {
        String port = env.get("SAGEMAKER_BIND_TO_PORT");
        if (port == null || port.isBlank()) {
            return DEFAULT_PORT;
        }
        try {
            return Integer.parseInt(port.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("$SAGEMAKER_BIND_TO_PORT is " + port + ", not a port number");
        }
    }
}
