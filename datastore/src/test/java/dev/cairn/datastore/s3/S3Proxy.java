package dev.cairn.datastore.s3;

import java.net.URI;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import org.gaul.s3proxy.AuthenticationType;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStoreContext;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A real S3-compatible server in the test JVM: s3proxy over jclouds' in-memory ("transient")
 * blob store, on a free localhost port, checking AWS V2/V4 signatures for identity/credential.
 * The S3 client talks to it as it would to any endpoint override: path style, static credentials.
 */
public final class S3Proxy implements AutoCloseable {
    public static final String IDENTITY = "identity";
    public static final String CREDENTIAL = "credential";
    private static final AtomicInteger BUCKETS = new AtomicInteger();

    private final BlobStoreContext context;
    private final org.gaul.s3proxy.S3Proxy proxy;
    private final URI endpoint;
    private final S3Client client;

    public S3Proxy() throws Exception {
        quietLogs();
        Properties properties = new Properties();
        context = ContextBuilder.newBuilder("transient")
                .credentials(IDENTITY, CREDENTIAL)
                .overrides(properties)
                .build(BlobStoreContext.class);
        proxy = org.gaul.s3proxy.S3Proxy.builder()
                .blobStore(context.getBlobStore())
                .endpoint(URI.create("http://127.0.0.1:0"))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, IDENTITY, CREDENTIAL)
                .build();
        proxy.start();
        for (int i = 0; i < 500 && !"STARTED".equals(proxy.getState()); i++) {
            Thread.sleep(10);
        }
        endpoint = URI.create("http://127.0.0.1:" + proxy.getPort());
        client = S3ObjectStore.newClient(
                Region.US_EAST_1,
                StaticCredentialsProvider.create(AwsBasicCredentials.create(IDENTITY, CREDENTIAL)),
                endpoint);
    }

    /**
     * The one server of this test JVM, started on first use and stopped when the JVM exits: test classes
     * share it and keep apart by {@link #newBucket()}.
     */
    public static S3Proxy shared() {
        return Shared.INSTANCE;
    }

    private static final class Shared {
        static final S3Proxy INSTANCE = start();

        private static S3Proxy start() {
            try {
                S3Proxy s3 = new S3Proxy();
                Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                    try {
                        s3.close();
                    } catch (Exception e) {
                        // the JVM is going away
                    }
                }));
                return s3;
            } catch (Exception e) {
                throw new IllegalStateException("could not start s3proxy", e);
            }
        }
    }

    public URI endpoint() {
        return endpoint;
    }

    /** What {@code S3ObjectStore.fromEnvironment} and the CLI read to reach this server: endpoint, keys, region. */
    public java.util.Map<String, String> environment() {
        return java.util.Map.of(
                S3ObjectStore.ENDPOINT_ENV,
                endpoint.toString(),
                "AWS_ACCESS_KEY_ID",
                IDENTITY,
                "AWS_SECRET_ACCESS_KEY",
                CREDENTIAL,
                "AWS_REGION",
                "us-east-1");
    }

    public S3Client client() {
        return client;
    }

    /** A new, empty bucket, so tests do not see each other's objects. */
    public String newBucket() {
        String bucket = "cairn-test-" + BUCKETS.incrementAndGet();
        client.createBucket(b -> b.bucket(bucket));
        return bucket;
    }

    @Override
    public void close() throws Exception {
        client.close();
        proxy.stop();
        context.close();
    }

    /**
     * logback (s3proxy's choice) logs everything at DEBUG without a configuration file. Modules with their own SLF4J
     * provider leave logback out, so its classes are touched only when it is the provider.
     */
    private static void quietLogs() {
        org.slf4j.Logger root = LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        if (root.getClass().getName().equals("ch.qos.logback.classic.Logger")) {
            Logback.warnOnly(root);
        }
    }

    private static final class Logback {
        static void warnOnly(org.slf4j.Logger root) {
            ((ch.qos.logback.classic.Logger) root).setLevel(ch.qos.logback.classic.Level.WARN);
        }
    }
}
