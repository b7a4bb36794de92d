package dev.cairn.oracle.cloud;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DockerfileImageTest {
    @TempDir
    Path context;

    @Test
    void theCommandIsTheFinalStagesEntrypointThenTheJobsCommandWithImagePathsMappedToTheContext() throws Exception {
        Path dockerfile = Files.writeString(context.resolve("Dockerfile"), """
                FROM eclipse-temurin:21-jre AS jre
                ENTRYPOINT ["wrong-stage"]
                FROM ubuntu
                COPY --from=jre /opt/java/openjdk /opt/java/openjdk
                COPY build/lib/ /opt/app/lib/
                COPY build/classes/ /opt/app/classes/
                WORKDIR /tmp
                ENTRYPOINT ["java", "-cp", "/opt/app/lib/*:/opt/app/classes", \\
                    "app.Main"]
                CMD ["--help"]
                """);
        DockerfileImage image = DockerfileImage.read(context, dockerfile);
        String lib = context.resolve("build/lib").toString();
        String classes = context.resolve("build/classes").toString();
        assertEquals(
                List.of("/jdk/bin/java", "-cp", lib + "/*:" + classes, "app.Main", "step", "/opt/app/libraries"),
                image.commandLine(List.of("step", "/opt/app/libraries"), "/jdk/bin/java"));
        assertEquals(
                List.of("/jdk/bin/java", "-cp", lib + "/*:" + classes, "app.Main", "--help"),
                image.commandLine(null, "/jdk/bin/java"));
        assertEquals("/tmp", image.workdir());
    }

    @Test
    void aShellFormEntrypointIsRefusedNotGuessed() throws Exception {
        Path dockerfile = Files.writeString(context.resolve("Dockerfile"), "FROM x\nENTRYPOINT java -jar app.jar\n");
        IllegalStateException e =
                assertThrows(IllegalStateException.class, () -> DockerfileImage.read(context, dockerfile));
        assertTrue(e.getMessage().contains("exec-form"), e.getMessage());
    }
}
