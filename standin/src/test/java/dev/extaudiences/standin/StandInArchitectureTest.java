package dev.extaudiences.standin;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.belongToAnyOf;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import dev.extaudiences.app.CompositionRoot;
import dev.extaudiences.app.Server;
import dev.extaudiences.app.Settings;
import org.junit.jupiter.api.Test;

/**
 * The stand-in knows the server as a team embedding it would: through app's entry points (the composition root, the
 * server it starts, the settings it reads), never an adapter or the domain behind them. App's own ArchitectureTest
 * cannot see this module, so the rule is checked here.
 */
@AnalyzeClasses(packages = "dev.extaudiences.standin", importOptions = ImportOption.DoNotIncludeTests.class)
class StandInArchitectureTest {

    @ArchTest
    static final ArchRule onlyAppsEntryPoints = classes().that().resideInAPackage("dev.extaudiences.standin..")
            .should().onlyDependOnClassesThat(resideInAnyPackage("dev.extaudiences.standin..", "java..",
                    "com.sun.net.httpserver..", "com.fasterxml.jackson.databind..", "org.junit.jupiter.api..")
                    .or(belongToAnyOf(CompositionRoot.class, Server.class, Settings.class)))
            .because("the server is put together in one place, CompositionRoot; the stand-in starts it from settings"
                    + " like any embedding, and adds only what a test needs around it (JDK, JSON, JUnit's API)");

    @ArchTest
    static final ArchRule noAdapterNoDomain = noClasses().that().resideInAPackage("dev.extaudiences.standin..")
            .should().dependOnClassesThat().resideInAnyPackage("dev.extaudiences.adapter..", "dev.extaudiences.core..",
                    "dev.extaudiences.testkit..")
            .because("a team's test scope should not need the testkit, and a change behind app's entry points should"
                    + " not reach the stand-in");

    @Test
    void theRulesSeeTheStandInsClasses() {
        assertThat(new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.extaudiences.standin")).hasSizeGreaterThan(5);
    }
}
