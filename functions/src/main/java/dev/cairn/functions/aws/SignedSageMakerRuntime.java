package dev.cairn.functions.aws;

import java.net.URI;
import java.util.Objects;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.utils.http.SdkHttpUtils;

/**
 * InvokeEndpoint over SigV4 (signing name {@value #SIGNING_NAME}): {@code POST {endpointUrl}/endpoints/{name}/invocations}
 * with Content-Type, Accept and X-Amzn-SageMaker-Target-Variant, the REST-JSON wire format of the SageMaker runtime
 * API, without the SDK's service client.
 *
 * <pre>{@code
 * SageMakerRuntime runtime = new SignedSageMakerRuntime(signer, SignedSageMakerRuntime.defaultEndpointUrl("eu-west-1"));
 * }</pre>
 */
public final class SignedSageMakerRuntime implements SageMakerRuntime {

    public static final String SIGNING_NAME = "sagemaker";
    public static final String TARGET_VARIANT_HEADER = "X-Amzn-SageMaker-Target-Variant";
    public static final String INVOKED_VARIANT_HEADER = "X-Amzn-Invoked-Production-Variant";

    private final AwsSigner signer;
    private final String endpointUrl;

    /** @param endpointUrl e.g. https://runtime.sagemaker.eu-west-1.amazonaws.com, or a local server */
    public SignedSageMakerRuntime(AwsSigner signer, URI endpointUrl) {
        this.signer = Objects.requireNonNull(signer, "signer");
        String url = endpointUrl.toString();
        this.endpointUrl = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    /** The regional SageMaker runtime endpoint. */
    public static URI defaultEndpointUrl(String region) {
        return URI.create("https://runtime.sagemaker." + region + ".amazonaws.com");
    }

    @Override
    public InvokeResult invokeEndpoint(InvokeRequest request) {
        AwsResponse r = signer.execute(SIGNING_NAME, httpRequest(request), request.body());
        return new InvokeResult(
                r.status(),
                r.header("Content-Type").orElse(null),
                r.header(INVOKED_VARIANT_HEADER).orElse(null),
                r.body());
    }

    /** The unsigned HTTP request of a call. */
    public SdkHttpFullRequest httpRequest(InvokeRequest request) {
        SdkHttpFullRequest.Builder b = SdkHttpFullRequest.builder()
                .method(SdkHttpMethod.POST)
                .uri(URI.create(
                        endpointUrl + "/endpoints/" + SdkHttpUtils.urlEncode(request.endpointName()) + "/invocations"))
                .putHeader("Content-Type", request.contentType())
                .putHeader("Accept", request.accept());
        if (request.targetVariant() != null) {
            b.putHeader(TARGET_VARIANT_HEADER, request.targetVariant());
        }
        return b.build();
    }
}
