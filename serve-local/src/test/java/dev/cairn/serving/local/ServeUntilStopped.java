package dev.cairn.serving.local;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;

/** {@code cairn serve} in a process of its own, for tests that stop it as a user would: serves one archive. */
final class ServeUntilStopped {
    public static void main(String[] args) throws Exception {
        PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());
        LocalServing serving = LocalServing.start(
                ServeConfig.ofModels(List.of("scorer=" + args[0])), 0, Path.of(args[1]), quiet, quiet);
        System.out.println("serving on " + serving.url());
        System.out.flush();
        Thread.currentThread().join(); // until the process is stopped
    }
}
