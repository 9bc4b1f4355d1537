package dev.chatbridge.core;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import java.util.Arrays;

@AnalyzeClasses(packages = "dev.chatbridge.core", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    private static final String[] FEATURES = {
        "dev.chatbridge.core.access..",
        "dev.chatbridge.core.chat..",
        "dev.chatbridge.core.command..",
        "dev.chatbridge.core.conversation..",
        "dev.chatbridge.core.delivery..",
        "dev.chatbridge.core.images..",
        "dev.chatbridge.core.imagine..",
        "dev.chatbridge.core.message..",
        "dev.chatbridge.core.pipeline..",
        "dev.chatbridge.core.quota..",
        "dev.chatbridge.core.tools..",
        "dev.chatbridge.core.vision..",
        "dev.chatbridge.core.voice.."
    };

    private static final String[] FEATURES_BUT_MESSAGE = Arrays.stream(FEATURES)
            .filter(pkg -> !pkg.startsWith("dev.chatbridge.core.message"))
            .toArray(String[]::new);

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

    @ArchTest
    static final ArchRule packagesFormNoCycles = slices().matching("dev.chatbridge.core.(*)..")
            .should()
            .beFreeOfCycles()
            .because("features depend one way: on message, on the ports they declare, never back up");

    @ArchTest
    static final ArchRule redisStaysInItsPackage = noClasses()
            .that()
            .resideOutsideOfPackage("dev.chatbridge.core.redis..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage("io.lettuce..", "org.springframework.data.redis..")
            .because("storage is behind ports; only core.redis implements them with Redis");

    @ArchTest
    static final ArchRule redisImplementationsStayBehindTheirPorts = classes()
            .that()
            .resideInAPackage("dev.chatbridge.core.redis..")
            .and()
            .arePublic()
            .should()
            .haveSimpleNameStartingWith("RedisStorage")
            .orShould()
            .haveSimpleNameStartingWith("RedisConnections")
            .because("the Redis implementations are package-private; RedisStorage hands out the ports");

    @ArchTest
    static final ArchRule featuresUseNoUpstreamClient = noClasses()
            .that()
            .resideInAnyPackage(FEATURES)
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(
                    "org.springframework.ai..",
                    "com.openai..",
                    "okhttp3..",
                    "java.net.http..",
                    "dev.chatbridge.core.upstream..",
                    "dev.chatbridge.core.redis..")
            .because("features reach the gateway, the proxy and storage through ports; adapters implement them");

    @ArchTest
    static final ArchRule messagesDependOnNothingElse = noClasses()
            .that()
            .resideInAPackage("dev.chatbridge.core.message..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(FEATURES_BUT_MESSAGE)
            .because("the values that travel are the bottom of the house");
}
