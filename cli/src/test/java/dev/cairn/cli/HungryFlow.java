package dev.cairn.cli;

import dev.cairn.flow.Flow;
import dev.cairn.flow.FlowSpec;
import dev.cairn.flow.Parameter;
import dev.cairn.flow.Step;
import java.util.ArrayList;
import java.util.List;

/**
 * A step that holds {@code --mb} MiB in a field of the flow: under a small heap it runs out of memory with
 * the heap full of what the step instance holds. It prints a line of 1 KiB per 64 KiB it takes, so that its
 * log (more than a MiB) can be stored only once the runtime has let go of what the instance holds.
 */
@Flow(project = "tests")
public class HungryFlow extends FlowSpec {
    @Parameter(help = "MiB the eat step holds at once")
    int mb = 96;

    String greeting;
    List<byte[]> held;
    long eaten;

    @Step(next = "eat")
    public void start() {
        greeting = "hello";
        System.out.println("starting");
    }

    @Step(next = "end")
    public void eat() {
        System.out.println("eating " + mb + " MiB");
        held = new ArrayList<>();
        // small pieces: when the heap is full, what is left free is smaller than one piece
        for (long bytes = 0; bytes < (long) mb << 20; bytes += 1 << 16) {
            held.add(new byte[1 << 16]);
            System.out.println("held " + (bytes >> 10) + " KiB " + "#".repeat(1000));
        }
        eaten = held.stream().mapToLong(piece -> piece.length).sum();
        held = null;
    }

    @Step
    public void end() {}
}
