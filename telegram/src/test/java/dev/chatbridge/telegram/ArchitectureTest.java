package dev.chatbridge.telegram;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

@AnalyzeClasses(packages = "dev.chatbridge.telegram", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule adapterKnowsNoOtherAdapterNorTheApp = noClasses()
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage("net.dv8tion..", "dev.chatbridge.discord..", "dev.chatbridge.app..")
            .because("adapters only talk to the core; the app wires them");

    @ArchTest
    static final ArchRule adapterCallsNoUpstream = noClasses()
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage("org.springframework.ai..", "com.openai..")
            .because("data flows platform → adapter → core → upstream; no adapter calls an upstream");

    @ArchTest
    static final ArchRule onlyTheEntryPointsArePublic = classes()
            .that()
            .arePublic()
            .should()
            .haveNameMatching(
                    "dev\\.chatbridge\\.telegram\\.(TelegramBot(\\$WebhookAnswer)?|TelegramSettings(\\$StreamingMode)?|TelegramWebhook"
                            + "|markup\\.TelegramHtml)")
            .because("an adapter's classes are package-private; only what the app wires (and the adapter calls across"
                    + " its packages) is public");

    @ArchTest
    static final ArchRule markupNeedsOnlyCommonmark = classes()
            .that()
            .resideInAPackage("dev.chatbridge.telegram.markup..")
            .should()
            .onlyDependOnClassesThat()
            .resideInAnyPackage("dev.chatbridge.telegram.markup..", "java..", "org.commonmark..", "org.jspecify..")
            .because("rendering Markdown as Telegram HTML is text in, text out: no TelegramBots, no core, no rest of"
                    + " the adapter");
}
