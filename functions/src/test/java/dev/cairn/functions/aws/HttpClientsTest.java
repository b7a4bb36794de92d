package dev.cairn.functions.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.http.SdkHttpClient;

class HttpClientsTest {

    @Test
    void urlConnectionUnlessDefaultIsChosen() {
        try (SdkHttpClient plain = HttpClients.fromEnvironment(Map.of());
                SdkHttpClient named = HttpClients.create("url-connection");
                SdkHttpClient sdkDefault = HttpClients.fromEnvironment(Map.of(HttpClients.CHOICE, "default"))) {
            assertEquals("UrlConnectionHttpClient", plain.getClass().getSimpleName());
            assertEquals("UrlConnectionHttpClient", named.getClass().getSimpleName());
            // the SDK's loader prefers the Apache client when both are on the class path (as in the -default-http jar)
            assertEquals("ApacheHttpClient", sdkDefault.getClass().getSimpleName());
        }
    }

    @Test
    void aClientBuiltInTheBackgroundIsTheFactorysAndItsFailureReachesTheCaller() {
        try (BackgroundHttpClient background = new BackgroundHttpClient(() -> HttpClients.create("url-connection"))) {
            assertEquals(
                    "UrlConnectionHttpClient", background.client().getClass().getSimpleName());
            assertEquals(background.client().clientName(), background.clientName());
        }
        BackgroundHttpClient broken = new BackgroundHttpClient(() -> {
            throw new IllegalStateException("CAIRN_HTTP_CLIENT=default needs the SDK's default client");
        });
        IllegalStateException e = assertThrows(IllegalStateException.class, broken::client);
        assertEquals("CAIRN_HTTP_CLIENT=default needs the SDK's default client", e.getMessage());
    }
}
