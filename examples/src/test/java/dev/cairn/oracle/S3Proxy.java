package dev.cairn.oracle;

import dev.cairn.runtime.datastore.s3.S3ObjectStore;
import java.net.URI;
import java.util.Properties;
import org.gaul.s3proxy.AuthenticationType;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStoreContext;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A real S3-compatible server in the test JVM (a copy of runtime's test starter): s3proxy over
 * jclouds' in-memory blob store on a free localhost port, checking AWS V2/V4 signatures for
 * {@link #IDENTITY}/{@link #CREDENTIAL}.
 */
final class S3Proxy implements AutoCloseable {
    static final String IDENTITY = "identity";
    static final String CREDENTIAL = "credential";

    private final BlobStoreContext context;
    private final org.gaul.s3proxy.S3Proxy proxy;
    private final URI endpoint;
    private final S3Client client;

    S3Proxy() throws Exception {
        if (LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME) instanceof ch.qos.logback.classic.Logger root) {
            root.setLevel(ch.qos.logback.classic.Level.WARN); // logback logs everything at DEBUG without a configuration
        }
        context = ContextBuilder.newBuilder("transient").credentials(IDENTITY, CREDENTIAL).overrides(new Properties())
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
        client = S3ObjectStore.newClient(Region.US_EAST_1,
                StaticCredentialsProvider.create(AwsBasicCredentials.create(IDENTITY, CREDENTIAL)), endpoint);
    }

    URI endpoint() {
        return endpoint;
    }

    S3Client client() {
        return client;
    }

    @Override
    public void close() throws Exception {
        client.close();
        proxy.stop();
        context.close();
    }
}
