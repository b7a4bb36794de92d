package dev.cairn.cards;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class HumanTimeTest {
    @Test
    void durationsUnderASecondAreInMillisecondsThenSecondsThenMinutes() {
        assertEquals("35 ms", HumanTime.took(Duration.ofMillis(35)));
        assertEquals("4.2 s", HumanTime.took(Duration.ofMillis(4200)));
        assertEquals("3 min 07 s", HumanTime.took(Duration.ofSeconds(187)));
    }

    @Test
    void noInstantIsADash() {
        assertEquals("-", HumanTime.at(null));
    }
}
