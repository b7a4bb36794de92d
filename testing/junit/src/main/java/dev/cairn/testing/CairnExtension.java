package dev.cairn.testing;

import dev.cairn.client.Cairn;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Runs flows in JUnit 5 tests, each on a fresh local datastore: a test asks for a {@link Cairn} (and, if it wants
 * to look at the files, for the datastore's folder with {@link CairnDatastore}).
 *
 * <pre>{@code
 * @ExtendWith(CairnExtension.class)
 * class CountryModelsTest {
 *     @Test
 *     void trainsOneModelPerCountry(Cairn cairn) throws Exception {
 *         Run run = cairn.run(CountryModels.class, Map.of("countries", "2"));
 *
 *         assertEquals(RunStatus.SUCCEEDED, run.status());
 *         assertEquals(2, run.step("bestPerCountry").tasks().size());
 *     }
 *
 *     @Test
 *     void writesUnderTheFlowsProjectAndTheTestBranch(Cairn cairn, @CairnDatastore Path datastore) throws Exception {
 *         cairn.run(CountryModels.class, Map.of("countries", "1"));
 *
 *         assertTrue(Files.isDirectory(datastore.resolve("demo/test.junit/CountryModels")));
 *     }
 * }
 * }</pre>
 *
 * <ul>
 *   <li>A test, with its {@code @BeforeEach} and {@code @AfterEach} methods, has a datastore of its own.
 *   <li>A datastore asked for in a {@code @BeforeAll} method is the test class's: every test of the class (and of its
 *       {@code @Nested} classes) gets that one. For tests that read what a few runs in {@code @BeforeAll} left.
 *   <li>Runs go to the branch {@value #BRANCH}; {@code cairn.branch(...)} and {@code cairn.maxWorkers(...)} give
 *       another branch or width on the same datastore.
 *   <li>The datastore is deleted when its test or class is done, and kept when it failed (for a class's datastore:
 *       when one of its tests failed), so the runs can be read: its path is printed on stderr and published as the
 *       report entry {@value #REPORT_KEY}.
 * </ul>
 *
 * The module brings the canonical test flows of {@code dev.cairn.testing.flows} with it.
 */
public final class CairnExtension implements ParameterResolver, AfterEachCallback, AfterAllCallback {
    /** The branch the injected {@link Cairn} runs on. */
    public static final String BRANCH = "test.junit";

    /** The report entry that names a datastore kept after a failure. */
    public static final String REPORT_KEY = "cairn.datastore";

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(CairnExtension.class);
    private static final String KEY = "datastore";

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == Cairn.class || type == Path.class && parameter.isAnnotated(CairnDatastore.class);
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        Path root = datastore(context).root();
        return parameter.getParameter().getType() == Cairn.class
                ? Cairn.local(root).branch(BRANCH)
                : root;
    }

    @Override
    public void afterEach(ExtensionContext context) throws IOException {
        finish(context);
    }

    @Override
    public void afterAll(ExtensionContext context) throws IOException {
        finish(context);
    }

    private static TestDatastore datastore(ExtensionContext context) {
        ExtensionContext.Store store = context.getStore(NAMESPACE);
        // get looks in the enclosing contexts' stores too: a class's datastore serves its tests
        TestDatastore datastore = store.get(KEY, TestDatastore.class);
        if (datastore == null) {
            try {
                datastore = TestDatastore.create(name(context), context.getUniqueId());
            } catch (IOException e) {
                throw new IllegalStateException("cannot create a temporary datastore folder", e);
            }
            store.put(KEY, datastore);
        }
        return datastore;
    }

    private static void finish(ExtensionContext context) throws IOException {
        TestDatastore datastore = context.getStore(NAMESPACE).get(KEY, TestDatastore.class);
        if (datastore == null) {
            return;
        }
        boolean failed = context.getExecutionException().isPresent();
        if (!datastore.owner().equals(context.getUniqueId())) {
            if (failed) {
                datastore.failedTests().add(name(context));
            }
            return;
        }
        List<String> failures = new ArrayList<>(datastore.failures());
        if (failed) {
            failures.add(0, name(context));
        }
        if (failures.isEmpty()) {
            datastore.delete();
            return;
        }
        context.publishReportEntry(REPORT_KEY, datastore.root().toString());
        System.err.println("CairnExtension: kept the datastore of " + String.join(", ", failures) + " at "
                + datastore.root() + " (cairn runs --datastore " + datastore.root() + " --branch " + BRANCH + ")");
    }

    private static String name(ExtensionContext context) {
        String type = context.getTestClass().map(Class::getSimpleName).orElse("");
        return context.getTestMethod().map(m -> type + "." + m.getName()).orElse(type);
    }
}
