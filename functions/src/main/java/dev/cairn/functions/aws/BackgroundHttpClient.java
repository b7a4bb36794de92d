package dev.cairn.functions.aws;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.function.Supplier;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.SdkHttpClient;

/**
 * An HTTP client built on a background thread: building one sets up TLS (the JDK loads and parses its trust store,
 * ~100 ms), which then overlaps with parsing the config and the first request. The first call waits for it.
 */
public final class BackgroundHttpClient implements SdkHttpClient {

    private final FutureTask<SdkHttpClient> client;

    public BackgroundHttpClient(Supplier<SdkHttpClient> factory) {
        this.client = new FutureTask<>(factory::get);
        Thread builder = new Thread(client, "cairn-http-client-init");
        builder.setDaemon(true);
        builder.start();
    }

    /** The client, once built; rethrows what building it threw. */
    public SdkHttpClient client() {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return client.get();
                } catch (InterruptedException e) {
                    interrupted = true; // the client is needed either way: finish waiting, keep the flag
                }
            }
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException("building the HTTP client failed", e.getCause());
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
        return client().prepareRequest(request);
    }

    @Override
    public String clientName() {
        return client().clientName();
    }

    @Override
    public void close() {
        client().close();
    }
}
