package dev.cairn.functions.router;

import dev.cairn.functions.aws.InvokeResult;
import dev.cairn.router.config.json.JsonTree;
import java.io.IOException;
import java.util.Map;
import java.util.Optional;

/**
 * SageMaker's answer when the model container rejected the input ({@code 424 ModelError} with
 * {@code ErrorCode CLIENT_ERROR_FROM_MODEL}): the caller sent something the model cannot score, so it
 * deserves a 400 with the model's reason, not a 502 blaming the variant.
 */
final class ModelRefusal {
    static final int MODEL_ERROR = 424;

    private ModelRefusal() {}

    /** The model's reason when {@code result} is a client error from the model, else empty. */
    static Optional<String> reason(InvokeResult result) {
        if (result == null || result.status() != MODEL_ERROR) {
            return Optional.empty();
        }
        try {
            if (!(JsonTree.read(result.body()) instanceof Map<?, ?> error)
                    || !"CLIENT_ERROR_FROM_MODEL".equals(error.get("ErrorCode"))) {
                return Optional.empty();
            }
            Object original = error.get("OriginalMessage");
            if (original instanceof String text) {
                // the serving container answers {"error": ...}: pass the reason on, not the envelope
                try {
                    if (JsonTree.read(text) instanceof Map<?, ?> inner && inner.get("error") instanceof String reason) {
                        return Optional.of(reason);
                    }
                } catch (IOException notJson) {
                    return Optional.of(text);
                }
                return Optional.of(text);
            }
            return Optional.of(String.valueOf(error.get("Message")));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
