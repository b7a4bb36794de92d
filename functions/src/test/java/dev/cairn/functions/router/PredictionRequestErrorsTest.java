package dev.cairn.functions.router;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** What the router tells a caller whose JSON it cannot read: the parser's complaint, never Jackson's internals. */
class PredictionRequestErrorsTest {
    @Test
    void tooDeeplyNestedBodyIs400WithoutTheJavaSettingItComesFrom() {
        byte[] body = ("{\"instances\": " + "[".repeat(100) + "]".repeat(100) + "}").getBytes(StandardCharsets.UTF_8);

        Refusal refusal = assertThrows(Refusal.class, () -> PredictionRequest.parse("application/json", body, 1 << 20));

        assertEquals(400, refusal.status());
        assertEquals(
                "malformed JSON body: Document nesting depth (33) exceeds the maximum allowed (32)",
                refusal.getMessage());
    }
}
