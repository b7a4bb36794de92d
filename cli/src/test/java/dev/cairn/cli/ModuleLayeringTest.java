package dev.cairn.cli;

import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.library.Architectures.LayeredArchitecture;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Dependencies point down: each module's packages use only the modules below it (README's Layout). The CLI
 * sees every module but the CDK app and the examples (and the testing modules, on its test classpath), so the
 * check runs here, over the main classes.
 */
class ModuleLayeringTest {
    private static JavaClasses classes;

    @BeforeAll
    static void importMainClasses() {
        // main classes of every module on the classpath (jars in a reactor build from ~/.m2, or target/classes),
        // not the test fixtures some modules share as test-jars
        ImportOption mainOnly = location -> !location.contains("/test-classes/") && !location.contains("-tests.jar");
        classes = new ClassFileImporter().withImportOption(mainOnly).importPackages("dev.cairn");
    }

    static LayeredArchitecture modules() {
        return layeredArchitecture()
                .consideringOnlyDependenciesInLayers()
                .layer("cli")
                .definedBy("dev.cairn.cli..")
                .layer("testing")
                .definedBy("dev.cairn.testing")
                .layer("serve-local")
                .definedBy("dev.cairn.serving.local..")
                .layer("serving")
                .definedBy("dev.cairn.serving")
                .layer("experiments")
                .definedBy("dev.cairn.experiments..")
                .layer("cards")
                .definedBy("dev.cairn.cards..")
                .layer("client")
                .definedBy("dev.cairn.client..")
                .layer("runtime")
                .definedBy("dev.cairn.runtime..")
                .layer("datastore")
                .definedBy("dev.cairn.datastore..")
                .layer("functions")
                .definedBy("dev.cairn.functions..")
                .layer("router-config")
                .definedBy("dev.cairn.router.config..")
                .layer("statemachines")
                .definedBy("dev.cairn.statemachines..")
                .layer("warehouse-duckdb")
                .definedBy("dev.cairn.warehouse.duckdb..")
                .layer("warehouse-snowflake")
                .definedBy("dev.cairn.warehouse.snowflake..")
                // the API's package alone: "dev.cairn.warehouse.." would take in the drivers' packages below it
                .layer("warehouse")
                .definedBy("dev.cairn.warehouse")
                .layer("test-flows")
                .definedBy("dev.cairn.testing.flows..")
                .layer("flow")
                .definedBy("dev.cairn.flow..")
                .layer("formats")
                .definedBy("dev.cairn.formats..")
                .whereLayer("testing")
                .mayOnlyAccessLayers("client", "test-flows", "flow")
                .whereLayer("serve-local")
                .mayOnlyAccessLayers("serving", "client", "datastore", "functions", "router-config", "flow", "formats")
                .whereLayer("serving")
                .mayOnlyAccessLayers("client", "datastore", "flow", "formats")
                .whereLayer("experiments")
                .mayOnlyAccessLayers("cards", "client", "datastore", "router-config", "flow", "formats")
                .whereLayer("cards")
                .mayOnlyAccessLayers("client", "datastore", "flow")
                .whereLayer("client")
                .mayOnlyAccessLayers("runtime", "datastore", "flow", "formats")
                .whereLayer("runtime")
                .mayOnlyAccessLayers("datastore", "flow", "formats")
                // the warehouse API for its Table, which the Arrow codec stores as columns
                .whereLayer("datastore")
                .mayOnlyAccessLayers("warehouse", "flow", "formats")
                .whereLayer("functions")
                .mayOnlyAccessLayers("router-config")
                .whereLayer("router-config")
                .mayNotAccessAnyLayer()
                .whereLayer("statemachines")
                .mayOnlyAccessLayers("flow", "formats")
                .whereLayer("warehouse-duckdb")
                .mayOnlyAccessLayers("warehouse")
                .whereLayer("warehouse-snowflake")
                .mayOnlyAccessLayers("warehouse")
                // finds the drivers through ServiceLoader, never by name
                .whereLayer("warehouse")
                .mayNotAccessAnyLayer()
                .whereLayer("test-flows")
                .mayOnlyAccessLayers("flow")
                .whereLayer("flow")
                .mayNotAccessAnyLayer()
                .whereLayer("formats")
                .mayNotAccessAnyLayer();
    }

    @Test
    void everyModuleUsesOnlyTheModulesBelowIt() {
        modules().check(classes);
    }

    /** The rule can fail: the CLI (the top) is not allowed into the datastore's layer list. */
    @Test
    void aDependencyPointingUpIsReported() {
        ArchRule upward = modules().whereLayer("cli").mayOnlyAccessLayers("flow");
        assertThrows(AssertionError.class, () -> upward.check(classes));
    }
}
