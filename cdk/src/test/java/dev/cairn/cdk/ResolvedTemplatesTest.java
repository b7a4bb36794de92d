package dev.cairn.cdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;

/**
 * A CDK token that reaches a template as text ({@code ${Token[TOKEN.52]}}, e.g. escaped inside a string the
 * CDK does not parse) is never filled in by CloudFormation: the resource gets the placeholder as its value.
 */
class ResolvedTemplatesTest {
    @TempDir
    Path dir;

    @Test
    void noSynthesizedTemplateHoldsTokenText() throws IOException {
        Path jar = Files.write(dir.resolve("app.jar"), new byte[] {1});
        Path router = Files.write(dir.resolve("router.jar"), new byte[] {1});
        Path out = dir.resolve("cdk.out");
        App app = new App(AppProps.builder()
                .outdir(out.toString())
                .context(TestApps.appContext(
                        jar,
                        Map.of(
                                "flows",
                                CairnApp.DEFAULT_FLOWS + "," + TestFlows.Nightly.class.getName(),
                                "serving",
                                "serving.example.json",
                                "routerCode",
                                router.toString(),
                                "servingImage",
                                ServingStackTest.IMAGE)))
                .build());
        CairnApp.build(app);
        app.synth();
        List<Path> templates;
        try (Stream<Path> files = Files.list(out)) {
            templates = files.filter(f -> f.getFileName().toString().endsWith(".template.json"))
                    .sorted()
                    .toList();
        }
        assertEquals(5, templates.size(), templates::toString); // platform, two flows, two serving deployments
        for (Path template : templates) {
            String text = Files.readString(template);
            int at = text.indexOf("Token[");
            assertTrue(
                    at < 0,
                    () -> template.getFileName() + " holds unresolved token text: ..."
                            + text.substring(Math.max(0, at - 200), Math.min(text.length(), at + 100)) + "...");
        }
    }
}
