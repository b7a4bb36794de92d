package dev.cairn.serving.local;

import dev.cairn.functions.router.PredictionRouter;
import dev.cairn.functions.router.RouterEnvironment;
import dev.cairn.functions.router.RouterHandler;
import dev.cairn.serving.ModelArchive;
import dev.cairn.serving.ModelServer;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The cloud serving path on localhost, with the same code: one model server per endpoint variant (the
 * serving container's server over the extracted {@code model.tar.gz}), a SageMaker runtime stand-in in
 * front of them, and the router Lambda's handler behind an API Gateway stand-in. The router signs its
 * InvokeEndpoint calls exactly as in AWS; only the endpoint URL differs. Exposure events go to files.
 */
public final class LocalServing implements AutoCloseable {
    /** The default bound on a model archive's expanded size: a local model larger than 1 GiB is rare, a bomb is not. */
    public static final long DEFAULT_MAX_MODEL_BYTES = 1L << 30;

    private final List<AutoCloseable> parts;
    private final LocalSageMaker sageMaker;
    private final LocalPredictionApi api;
    private final Cleanup cleanup;

    private LocalServing(List<AutoCloseable> parts, LocalSageMaker sageMaker, LocalPredictionApi api, Cleanup cleanup) {
        this.parts = parts;
        this.sageMaker = sageMaker;
        this.api = api;
        this.cleanup = cleanup;
    }

    /**
     * Stops the parts and removes the extracted models, once: from {@link #close()}, or from a shutdown hook when the
     * JVM ends first (SIGTERM, Ctrl-C), which would otherwise leave a {@code cairn-serve*} folder behind.
     */
    private static final class Cleanup implements Runnable {
        private final List<AutoCloseable> parts;
        private final Path workDir;
        private final Thread hook;
        private boolean done;

        Cleanup(List<AutoCloseable> parts, Path workDir) {
            this.parts = parts;
            this.workDir = workDir;
            this.hook = new Thread(this, "cairn-serve-cleanup");
            Runtime.getRuntime().addShutdownHook(hook);
        }

        @Override
        public synchronized void run() {
            if (!done) {
                done = true;
                closeAll(parts);
                deleteTree(workDir);
            }
        }

        /** Cleans up now, and no longer at JVM exit. */
        void now() {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook runs (or ran) anyway; run() cleans up once
            }
            run();
        }
    }

    /** {@link #start(ServeConfig, InetAddress, int, Path, PrintStream, PrintStream)} on the loopback interface. */
    public static LocalServing start(
            ServeConfig config, int port, Path exposureDir, PrintStream metrics, PrintStream log) throws IOException {
        return start(config, InetAddress.getLoopbackAddress(), port, exposureDir, metrics, log);
    }

    /**
     * @param host        the interface every part listens on: the prediction API, the SageMaker stand-in and the
     *                    model servers (the loopback one keeps them off the network)
     * @param port        the prediction API's port (0: any free port); the other parts take any free port
     * @param exposureDir where exposure events go (partitioned experiment=/date= as Firehose does in S3)
     * @param metrics     where the router's per-variant metrics (CloudWatch embedded metric format) go
     * @param log         the router's log
     */
    public static LocalServing start(
            ServeConfig config, InetAddress host, int port, Path exposureDir, PrintStream metrics, PrintStream log)
            throws IOException {
        return start(config, host, port, exposureDir, metrics, log, DEFAULT_MAX_MODEL_BYTES);
    }

    /**
     * {@link #start(ServeConfig, InetAddress, int, Path, PrintStream, PrintStream)} refusing, before extracting it,
     * a model archive that expands to more than {@code maxModelBytes}.
     */
    public static LocalServing start(
            ServeConfig config,
            InetAddress host,
            int port,
            Path exposureDir,
            PrintStream metrics,
            PrintStream log,
            long maxModelBytes)
            throws IOException {
        List<AutoCloseable> parts = Collections.synchronizedList(new ArrayList<>());
        Path workDir = Files.createTempDirectory("cairn-serve");
        Cleanup cleanup = new Cleanup(parts, workDir);
        try {
            Map<String, Map<String, URI>> endpoints = new LinkedHashMap<>();
            for (var endpoint : config.exports().entrySet()) {
                Map<String, URI> variants = new LinkedHashMap<>();
                for (var variant : endpoint.getValue().entrySet()) {
                    Path modelDir = Files.createDirectories(
                            workDir.resolve(endpoint.getKey()).resolve(variant.getKey()));
                    ModelArchive.extract(variant.getValue(), modelDir, maxModelBytes);
                    ModelServer server = ModelServer.start(new InetSocketAddress(host, 0), modelDir, loader());
                    parts.add(server);
                    variants.put(variant.getKey(), url(server.address()));
                }
                endpoints.put(endpoint.getKey(), variants);
            }
            LocalSageMaker sageMaker = LocalSageMaker.start(endpoints, host);
            parts.add(sageMaker);
            Map<String, String> env = Map.of(
                    RouterEnvironment.CONFIG,
                    config.routerJson(),
                    RouterEnvironment.SAGEMAKER_URL,
                    sageMaker.url().toString(),
                    RouterEnvironment.EXPOSURE_DIR,
                    exposureDir.toString(),
                    "AWS_REGION",
                    "us-east-1",
                    // signed like any AWS call; the stand-in checks the signature's shape, not the key
                    "AWS_ACCESS_KEY_ID",
                    "AKIDLOCALSERVE",
                    "AWS_SECRET_ACCESS_KEY",
                    "local-serve-secret");
            PredictionRouter router = RouterEnvironment.router(env, metrics, log);
            LocalPredictionApi api = LocalPredictionApi.start(new RouterHandler(router), host, port);
            parts.add(api);
            return new LocalServing(parts, sageMaker, api, cleanup);
        } catch (IOException | RuntimeException e) {
            cleanup.now();
            throw e;
        }
    }

    private static ClassLoader loader() {
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        return loader != null ? loader : LocalServing.class.getClassLoader();
    }

    /** Where a part bound to {@code bound} is reached: the loopback address for one bound to every interface. */
    static URI url(InetSocketAddress bound) {
        InetAddress address =
                bound.getAddress().isAnyLocalAddress() ? InetAddress.getLoopbackAddress() : bound.getAddress();
        String host = address instanceof Inet6Address ? "[" + address.getHostAddress() + "]" : address.getHostAddress();
        return URI.create("http://" + host + ":" + bound.getPort());
    }

    /** The addresses every part listens on: prediction API, SageMaker stand-in, model servers. */
    public List<InetSocketAddress> listeners() {
        List<InetSocketAddress> addresses = new ArrayList<>(List.of(api.address(), sageMaker.address()));
        parts.stream().filter(p -> p instanceof ModelServer).forEach(p -> addresses.add(((ModelServer) p).address()));
        return List.copyOf(addresses);
    }

    /** Stops every model server, leaving the router and SageMaker stand-ins up: a variant that is down. */
    void stopModelServers() {
        parts.stream().filter(p -> p instanceof ModelServer).forEach(p -> ((ModelServer) p).close());
    }

    /** The SageMaker runtime stand-in the router signs its InvokeEndpoint calls to (another router may use it too). */
    public URI sageMakerUrl() {
        return sageMaker.url();
    }

    /** Where predictions are asked: {@code <url>/models/{model}/predict}. */
    public URI url() {
        return api.url();
    }

    @Override
    public void close() {
        cleanup.now();
    }

    private static void closeAll(List<AutoCloseable> parts) {
        for (AutoCloseable part : List.copyOf(parts).reversed()) {
            try {
                part.close();
            } catch (Exception e) {
                // closing the rest matters more than one part's failure to stop
            }
        }
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not remove " + dir, e);
        }
    }
}
