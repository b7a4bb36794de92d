package dev.cairn.functions.router;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** Reads src/test/resources/growthbook-hash-cases.json (see its "_source" for provenance). */
final class Vectors {
    static final JsonNode CASES = load();

    private Vectors() {}

    private static JsonNode load() {
        try (InputStream in = Vectors.class.getResourceAsStream("/growthbook-hash-cases.json")) {
            if (in == null) {
                throw new IllegalStateException("growthbook-hash-cases.json not on the test classpath");
            }
            return new ObjectMapper().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static double[] weights(JsonNode node) {
        if (node.isNull()) {
            return null;
        }
        double[] w = new double[node.size()];
        for (int i = 0; i < w.length; i++) {
            w[i] = node.get(i).asDouble();
        }
        return w;
    }
}
