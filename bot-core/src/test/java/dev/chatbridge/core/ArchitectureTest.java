package dev.chatbridge.core;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

@AnalyzeClasses(packages = "dev.chatbridge.core", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule coreKnowsNoPlatform = noClasses()
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(
                    "org.telegram..",
                    "net.dv8tion..",
                    "dev.chatbridge.telegram..",
                    "dev.chatbridge.discord..",
                    "dev.chatbridge.app..")
            .because("bot-core is platform-neutral; adapters translate into it");

    @ArchTest
    static final ArchRule coreDoesNotBootItself = noClasses()
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage("org.springframework.boot..")
            .because("only the app module owns Spring Boot wiring");
}
