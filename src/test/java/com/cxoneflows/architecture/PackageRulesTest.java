package com.cxoneflows.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.stream.Stream;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The rule that keeps the layout: flows on top, the stream components, auth, dead letters and store below
 * them, settings, lifecycle and the transition matrix at the bottom; {@code app} only assembles, so nothing
 * imports it; no two packages import each other, directly or around a loop.
 */
class PackageRulesTest {

    private static final String[] FLOWS = {"com.cxoneflows.contact..", "com.cxoneflows.agent..", "com.cxoneflows.guest..",
            "com.cxoneflows.presence..", "com.cxoneflows.adherence.."};

    private static final String[] BOTTOM = {"com.cxoneflows.settings..", "com.cxoneflows.lifecycle..",
            "com.cxoneflows.transition.."};

    private static JavaClasses product;

    @BeforeAll
    static void importProduct() {
        product = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("com.cxoneflows");
    }

    @Test
    void noPackageCycles() {
        slices().matching("com.cxoneflows.(*)..").should().beFreeOfCycles().check(product);
    }

    @Test
    void nothingImportsTheAssembly() {
        noClasses().that().resideOutsideOfPackage("com.cxoneflows.app..")
                .should().dependOnClassesThat().resideInAPackage("com.cxoneflows.app..")
                .check(product);
    }

    @Test
    void flowsDoNotImportEachOther() {
        for (String flow : FLOWS) {
            String[] others = Arrays.stream(FLOWS).filter(other -> !other.equals(flow)).toArray(String[]::new);
            noClasses().that().resideInAPackage(flow)
                    .should().dependOnClassesThat().resideInAnyPackage(others)
                    .allowEmptyShould(true)
                    .check(product);
        }
    }

    @Test
    void lowerPackagesDoNotImportFlows() {
        noClasses().that().resideInAnyPackage("com.cxoneflows.sse..", "com.cxoneflows.ws..", "com.cxoneflows.stream..",
                        "com.cxoneflows.auth..", "com.cxoneflows.deadletter..", "com.cxoneflows.store..", "com.cxoneflows.api..",
                        "com.cxoneflows.http..", "com.cxoneflows.secret..", "com.cxoneflows.settings..",
                        "com.cxoneflows.lifecycle..", "com.cxoneflows.transition..", "com.cxoneflows.simulator..",
                        "com.cxoneflows.jolokia..", "com.cxoneflows.cluster..")
                .should().dependOnClassesThat().resideInAnyPackage(FLOWS)
                .check(product);
    }

    @Test
    void theSimulatorStandsApart() {
        noClasses().that().resideOutsideOfPackages("com.cxoneflows.simulator..", "com.cxoneflows.app..")
                .should().dependOnClassesThat().resideInAPackage("com.cxoneflows.simulator..")
                .check(product);
    }

    @Test
    void theBottomStandsOnTheJdkAndCamelAlone() {
        classes().that().resideInAnyPackage(BOTTOM)
                .should().onlyDependOnClassesThat().resideInAnyPackage(
                        concat(BOTTOM, "java..", "org.apache.camel..", "org.slf4j.."))
                .check(product);
    }

    private static String[] concat(String[] packages, String... more) {
        return Stream.concat(Arrays.stream(packages), Arrays.stream(more)).toArray(String[]::new);
    }
}
