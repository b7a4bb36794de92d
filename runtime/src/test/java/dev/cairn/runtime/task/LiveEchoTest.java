package dev.cairn.runtime.task;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** What a task prints reaches the console while it runs, and its log as well. */
class LiveEchoTest {

    /** A console that hands each write over to the test as it happens. */
    private static final class Console extends Writer {
        final BlockingQueue<String> writes = new LinkedBlockingQueue<>();

        @Override
        public void write(char[] chars, int offset, int length) {
            writes.add(new String(chars, offset, length));
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}

        /** The next write, within a second. */
        String next() throws InterruptedException {
            String write = writes.poll(1, TimeUnit.SECONDS);
            assertNotNull(write, "nothing reached the console within 1 s");
            return write;
        }
    }

    @Test
    void aLineReachesTheConsoleWhileTheTaskStillRuns() throws Exception {
        Console out = new Console();
        Console err = new Console();
        try (LiveEcho echo = new LiveEcho(new PrintWriter(out), new PrintWriter(err))) {
            OutputCapture.Capture capture = OutputCapture.begin("r-live", echo);
            OutputCapture.Buffers buffers = capture.buffers();
            System.out.println("epoch 1 of 3");
            assertEquals("epoch 1 of 3\n", out.next());
            System.err.println("warning: slow");
            assertEquals("warning: slow\n", err.next());
            System.out.println("epoch 2 of 3");
            assertEquals("epoch 2 of 3\n", out.next());
            capture.end();
            assertEquals(
                    "epoch 1 of 3\nepoch 2 of 3\n", new String(buffers.out().bytes(), StandardCharsets.UTF_8));
            assertEquals("warning: slow\n", new String(buffers.err().bytes(), StandardCharsets.UTF_8));
        }
    }

    @Test
    void aLineWithoutItsNewlineIsShownOnceTheTaskPausesAndTheRestFollows() throws Exception {
        Console out = new Console();
        try (LiveEcho echo = new LiveEcho(new PrintWriter(out), new PrintWriter(new Console()))) {
            OutputCapture.Capture capture = OutputCapture.begin("r-partial", echo);
            System.out.print("loading... ");
            assertEquals("loading... ", out.next());
            System.out.println("done");
            assertEquals("done\n", out.next());
            capture.end();
        }
    }

    @Test
    void closingShowsWhatIsLeft() throws Exception {
        Console out = new Console();
        LiveEcho echo = new LiveEcho(new PrintWriter(out), new PrintWriter(new Console()));
        OutputCapture.Capture capture = OutputCapture.begin("r-close", echo);
        System.out.print("last words");
        capture.end();
        echo.close();
        StringBuilder all = new StringBuilder();
        for (String write = out.writes.poll(); write != null; write = out.writes.poll()) {
            all.append(write);
        }
        assertEquals("last words", all.toString());
    }

    @Test
    void aPartialLineIsNeverCutInsideACharacter() {
        byte[] cafe = "café".getBytes(StandardCharsets.UTF_8); // é is two bytes
        assertEquals(cafe.length, LiveEcho.characterBoundary(cafe));
        assertEquals(3, LiveEcho.characterBoundary(java.util.Arrays.copyOf(cafe, cafe.length - 1)));
        byte[] rocket = "a🚀".getBytes(StandardCharsets.UTF_8); // four bytes
        for (int cut = 2; cut < rocket.length; cut++) {
            assertEquals(1, LiveEcho.characterBoundary(java.util.Arrays.copyOf(rocket, cut)), "cut at " + cut);
        }
        assertEquals(rocket.length, LiveEcho.characterBoundary(rocket));
    }
}
