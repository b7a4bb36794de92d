package dev.cairn.functions.aws;

/**
 * One InvokeEndpoint call.
 *
 * @param targetVariant the production variant to call, or null to let SageMaker pick by weight
 */
public record InvokeRequest(
        String endpointName, String targetVariant, String contentType, String accept, byte[] body) {}
