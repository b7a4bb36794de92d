package dev.cairn.oracle.cloud;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * A container's file system as its job definition declares it: a read-only root ({@code ReadonlyRootFilesystem})
 * with the writable folders its volumes and tmpfs mounts give it. The oracle runs such a job's process in a mount
 * namespace of its own ({@code unshare --user --mount}) in which every mount of this machine is read-only and each
 * writable folder is a fresh empty tmpfs, as ECS gives a job an empty host volume or a tmpfs: a write anywhere else
 * fails with "Read-only file system", as it would in the container.
 *
 * @param readOnlyRoot whether the root file system is read-only
 * @param writable     the container paths that stay writable: mount points of empty host volumes, tmpfs
 */
public record ContainerFilesystem(boolean readOnlyRoot, List<String> writable) {
    /** Exit code of the wrapper when it cannot set the file system up: the job never started. */
    public static final int SETUP_FAILED = 125;

    public ContainerFilesystem {
        writable = List.copyOf(writable);
    }

    /** The file system of a job definition's resolved {@code ContainerProperties}. */
    public static ContainerFilesystem of(JsonNode container) {
        List<String> writable = new ArrayList<>();
        for (JsonNode mount : container.path("MountPoints")) {
            JsonNode volume = null;
            for (JsonNode v : container.path("Volumes")) {
                if (v.path("Name").asText().equals(mount.path("SourceVolume").asText())) {
                    volume = v;
                }
            }
            if (volume == null) {
                throw new IllegalArgumentException("mount point " + mount + " names no volume of the job definition");
            }
            if (volume.has("EfsVolumeConfiguration")
                    || !volume.path("Host").path("SourcePath").isMissingNode()) {
                throw new IllegalArgumentException(
                        "the oracle stands in for empty host volumes and tmpfs only (a job's "
                                + "own fresh folder), not for shared host paths or EFS: " + volume);
            }
            if (!mount.path("ReadOnly").asBoolean(false)) {
                writable.add(mount.path("ContainerPath").asText());
            }
        }
        for (JsonNode tmpfs : container.path("LinuxParameters").path("Tmpfs")) {
            writable.add(tmpfs.path("ContainerPath").asText());
        }
        return new ContainerFilesystem(container.path("ReadonlyRootFilesystem").asBoolean(false), writable);
    }

    /**
     * {@code argv} as this file system runs it, in {@code workdir}: unchanged when the root is writable; else under
     * a shell in a new user and mount namespace that makes every mount read-only (not /proc, /sys and /dev, which
     * Docker gives a container of its own), checks that the root refuses a write, mounts a tmpfs on each writable
     * path and executes the command there.
     */
    public List<String> wrap(List<String> argv, String workdir) {
        return wrap(argv, workdir, List.of());
    }

    /**
     * As {@link #wrap(List, String)}, with the image's files ({@code imageFiles}, the host paths its COPY lines
     * stand for) still readable where they are when this machine keeps them under a path that is a fresh folder in
     * the container (a checkout under /tmp): a real image's files are never in its volumes, so they stay in sight,
     * read-only, opened before the tmpfs hides them and bound back onto it.
     */
    public List<String> wrap(List<String> argv, String workdir, Collection<Path> imageFiles) {
        if (!readOnlyRoot) {
            return argv;
        }
        List<Path> hidden = hiddenBy(writable, imageFiles);
        StringBuilder script = new StringBuilder("set -e\n");
        script.append("awk '{print $5}' /proc/self/mountinfo | sort -u | while read -r m; do\n")
                .append("  case \"$m\" in /proc|/proc/*|/sys|/sys/*|/dev|/dev/*) continue ;; esac\n")
                .append("  mount -o remount,bind,ro \"$m\" || { echo \"oracle: cannot make $m read-only\" >&2; exit ")
                .append(SETUP_FAILED)
                .append("; }\n")
                .append("done\n")
                .append(
                        "if touch /.oracle-write-probe 2>/dev/null; then echo 'oracle: the root is still writable' >&2; exit ")
                .append(SETUP_FAILED)
                .append("; fi\n");
        for (int i = 0; i < hidden.size(); i++) {
            script.append("exec ")
                    .append(FIRST_FD + i)
                    .append("<")
                    .append(quoted(hidden.get(i)))
                    .append('\n');
        }
        for (int i = 0; i < writable.size(); i++) {
            script.append("mount -t tmpfs -o mode=1777 scratch \"$")
                    .append(i + 1)
                    .append("\"\n");
        }
        for (int i = 0; i < hidden.size(); i++) {
            String path = quoted(hidden.get(i));
            script.append(
                            Files.isDirectory(hidden.get(i))
                                    ? "mkdir -p " + path
                                    : "mkdir -p " + quoted(hidden.get(i).getParent()) + " && touch " + path)
                    .append("\nmount --no-canonicalize --bind /proc/self/fd/")
                    .append(FIRST_FD + i)
                    .append(' ')
                    .append(path)
                    .append("\nmount -o remount,bind,ro ")
                    .append(path)
                    .append("\nexec ")
                    .append(FIRST_FD + i)
                    .append("<&-\n");
        }
        script.append("shift ").append(writable.size()).append("\n");
        script.append("cd \"$1\"\nshift\nexec \"$@\"\n");
        List<String> wrapped = new ArrayList<>(List.of(
                "unshare", "--user", "--map-root-user", "--mount", "--", "/bin/sh", "-c", script.toString(), "sh"));
        wrapped.addAll(writable);
        wrapped.add(workdir);
        wrapped.addAll(argv);
        return wrapped;
    }

    /** The shell's first file descriptor of its own: sh takes 3 to 9. */
    private static final int FIRST_FD = 3;

    /** The image files under a writable path, without those under another of them. */
    private static List<Path> hiddenBy(List<String> writable, Collection<Path> imageFiles) {
        List<Path> hidden = imageFiles.stream()
                .map(f -> f.toAbsolutePath().normalize())
                .filter(f -> writable.stream().anyMatch(w -> f.startsWith(w)))
                .sorted()
                .distinct()
                .toList();
        List<Path> outermost = new ArrayList<>();
        for (Path f : hidden) {
            if (outermost.stream().noneMatch(f::startsWith)) {
                outermost.add(f);
            }
        }
        if (outermost.size() > 9 - FIRST_FD + 1) {
            throw new IllegalStateException("the oracle keeps at most " + (9 - FIRST_FD + 1)
                    + " image paths in sight under a container's fresh folders, not " + outermost);
        }
        return outermost;
    }

    private static String quoted(Path path) {
        return "'" + path.toString().replace("'", "'\\''") + "'";
    }
}
