package dev.chatbridge.app;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static java.util.stream.Collectors.toCollection;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Keeps test-support's layout (issue 14): one package per fake plus shared plumbing, no cycles between them, and no
 * class named like a production class, so a test that imports a fake never mistakes it for the real thing. Lives in
 * app because only app's test classpath holds every module's production classes next to test-support.
 */
class TestSupportLayoutTest {

    private static final String TEST_SUPPORT = "dev.chatbridge.testsupport";
    private static final List<String> PRODUCT_PACKAGES =
            List.of("dev.chatbridge.core", "dev.chatbridge.telegram", "dev.chatbridge.discord", "dev.chatbridge.app");

    private static final JavaClasses testSupport = new ClassFileImporter().importPackages(TEST_SUPPORT);
    private static final JavaClasses product = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages(PRODUCT_PACKAGES);

    @Test
    void noTestSupportClassIsNamedLikeAProductionClass() {
        Set<String> productNames = topLevelNames(product);
        // An empty import would make the check pass for nothing.
        for (String root : PRODUCT_PACKAGES) {
            assertThat(product.stream().anyMatch(c -> c.getPackageName().startsWith(root)))
                    .as("production classes found in " + root)
                    .isTrue();
        }
        assertThat(testSupport.stream().map(JavaClass::getSimpleName)).contains("FakeTelegramBotApi");

        Set<String> clashes = topLevelNames(testSupport);
        clashes.retainAll(productNames);
        assertThat(clashes)
                .as("test-support classes named like production classes")
                .isEmpty();
    }

    @Test
    void everyClassSitsInAFakesPackageOrInCommon() {
        classes()
                .should()
                .resideInAnyPackage(
                        TEST_SUPPORT + ".common",
                        TEST_SUPPORT + ".telegram",
                        TEST_SUPPORT + ".discord",
                        TEST_SUPPORT + ".openai",
                        TEST_SUPPORT + ".midjourney",
                        TEST_SUPPORT + ".redis")
                .check(testSupport);
    }

    @Test
    void packagesAreFreeOfCycles() {
        slices().matching(TEST_SUPPORT + ".(*)..").should().beFreeOfCycles().check(testSupport);
    }

    /** Nested classes are left out: they are read through their outer class ({@code ServerState.CallbackQuery}). */
    private static Set<String> topLevelNames(JavaClasses classes) {
        return classes.stream()
                .filter(JavaClass::isTopLevelClass)
                .map(JavaClass::getSimpleName)
                .filter(name -> !name.equals("package-info"))
                .collect(toCollection(TreeSet::new));
    }
}
