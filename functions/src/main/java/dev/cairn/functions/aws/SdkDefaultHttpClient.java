package dev.cairn.functions.aws;

import software.amazon.awssdk.core.internal.http.loader.DefaultSdkHttpClientBuilder;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.utils.AttributeMap;

/**
 * The client an SDK service client would build by default (its ServiceLoader finds the Apache client when present).
 * A class of its own so sdk-core is loaded only when it is chosen: the -lambda jar does not contain it.
 */
final class SdkDefaultHttpClient {

    private SdkDefaultHttpClient() {}

    static SdkHttpClient create() {
        return new DefaultSdkHttpClientBuilder().buildWithDefaults(AttributeMap.empty());
    }
}
