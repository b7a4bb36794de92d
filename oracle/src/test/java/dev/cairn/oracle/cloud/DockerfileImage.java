package dev.cairn.oracle.cloud;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An image as its Dockerfile builds it, without a Docker engine: the final stage's ENTRYPOINT, CMD and
 * WORKDIR, and where each {@code COPY} from the build context lands. A container's command line is the
 * ENTRYPOINT followed by the CMD (or, for a Batch job, its command: Batch passes it as the CMD), with the
 * image's paths mapped back to the build context they were copied from.
 *
 * @param copies image path (as the COPY wrote it, e.g. {@code /opt/cairn/lib/}) to the context folder or file
 */
public record DockerfileImage(
        Path dockerfile, List<String> entrypoint, List<String> cmd, String workdir, Map<String, Path> copies) {
    private static final ObjectMapper JSON = new ObjectMapper();

    public static DockerfileImage read(Path context, Path dockerfile) {
        List<String> lines;
        try {
            lines = joinContinuations(Files.readAllLines(dockerfile));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> entrypoint = List.of();
        List<String> cmd = List.of();
        String workdir = "/";
        Map<String, Path> copies = new LinkedHashMap<>();
        for (String line : lines) {
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                continue;
            }
            String[] words = trimmed.split("\\s+", 2);
            String instruction = words[0].toUpperCase(java.util.Locale.ROOT);
            String rest = words.length > 1 ? words[1] : "";
            switch (instruction) {
                case "FROM" -> { // a new stage: what the final image runs is the last stage's
                    entrypoint = List.of();
                    cmd = List.of();
                    workdir = "/";
                    copies.clear();
                }
                case "ENTRYPOINT" -> {
                    entrypoint = execForm(dockerfile, rest);
                    cmd = List.of(); // Docker resets CMD when ENTRYPOINT is set
                }
                case "CMD" -> cmd = execForm(dockerfile, rest);
                case "WORKDIR" -> workdir = rest;
                case "COPY" -> {
                    if (rest.startsWith("--from")) {
                        continue; // from another image (the JRE): the host's JDK stands in for it
                    }
                    String[] paths = rest.split("\\s+");
                    if (paths.length != 2) {
                        throw new IllegalStateException(
                                dockerfile + ": the oracle reads COPY <src> <dest>, got " + line);
                    }
                    Path source = context.resolve(paths[0]).normalize();
                    // a pattern (the class archive's training jar) copies files of its folder into the destination
                    // folder: the folder stands for them, a path holding '*' names no file
                    copies.put(paths[1], source.getFileName().toString().contains("*") ? source.getParent() : source);
                }
                default -> {
                    // RUN, USER, ENV, EXPOSE, LABEL: nothing the command line depends on
                }
            }
        }
        if (entrypoint.isEmpty()) {
            throw new IllegalStateException(dockerfile + " has no ENTRYPOINT in its final stage");
        }
        return new DockerfileImage(dockerfile, entrypoint, cmd, workdir, Map.copyOf(copies));
    }

    /**
     * The command line of a container started with {@code command} as its CMD (the image's CMD when null),
     * each argument's image paths mapped to the build context. {@code java} is the host's JDK: the images
     * carry a Temurin JRE of the same feature release the project targets.
     */
    public List<String> commandLine(List<String> command, String hostJava) {
        List<String> argv = new ArrayList<>(entrypoint);
        argv.addAll(command != null ? command : cmd);
        List<String> mapped = new ArrayList<>();
        for (String arg : argv) {
            String a = arg;
            for (var copy : copies.entrySet()) {
                // the image path as a whole path segment: "/opt/cairn/lib/*", "/opt/cairn/classes" in a classpath
                String image = copy.getKey().endsWith("/")
                        ? copy.getKey().substring(0, copy.getKey().length() - 1)
                        : copy.getKey();
                a = a.replaceAll(
                        "(?<=^|:)" + Pattern.quote(image) + "(?=$|[/:])",
                        Matcher.quoteReplacement(copy.getValue().toString()));
            }
            mapped.add(a);
        }
        if (mapped.getFirst().equals("java")) {
            mapped.set(0, hostJava);
        }
        return mapped;
    }

    private static List<String> execForm(Path dockerfile, String text) {
        try {
            return JSON.readValue(text, new TypeReference<List<String>>() {});
        } catch (IOException e) {
            throw new IllegalStateException(
                    dockerfile + ": the oracle runs exec-form (JSON array) instructions only, got " + text, e);
        }
    }

    private static List<String> joinContinuations(List<String> raw) {
        List<String> out = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : raw) {
            if (line.endsWith("\\")) {
                current.append(line, 0, line.length() - 1).append(' ');
            } else {
                out.add(current.append(line).toString());
                current.setLength(0);
            }
        }
        if (!current.isEmpty()) {
            out.add(current.toString());
        }
        return out;
    }
}
