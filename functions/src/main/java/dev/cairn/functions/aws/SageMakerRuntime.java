package dev.cairn.functions.aws;

/**
 * SageMaker runtime's InvokeEndpoint, the one call the router makes.
 *
 * <pre>{@code
 * InvokeResult r = runtime.invokeEndpoint(
 *     new InvokeRequest("cairn-demo-churn", "v2", "application/json", "application/json", body));
 * }</pre>
 */
public interface SageMakerRuntime {

    /**
     * Invokes the endpoint; a non-2xx answer of the endpoint is a result with that status, not an exception.
     *
     * @throws RuntimeException when the endpoint cannot be reached (e.g. {@link java.io.UncheckedIOException})
     */
    InvokeResult invokeEndpoint(InvokeRequest request);
}
