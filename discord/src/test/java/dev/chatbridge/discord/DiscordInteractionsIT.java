package dev.chatbridge.discord;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatbridge.core.delivery.OutgoingText;
import dev.chatbridge.testsupport.discord.DispatchedInteraction;
import dev.chatbridge.testsupport.discord.PostedMessage;
import dev.chatbridge.testsupport.openai.ReceivedChatRequest;
import dev.chatbridge.testsupport.openai.Reply;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Slash commands, autocomplete and /imagine's buttons through the real JDA client. */
class DiscordInteractionsIT {

    private static DiscordTestBot t;

    @BeforeAll
    static void start() throws Exception {
        t = DiscordTestBot.start();
    }

    @AfterAll
    static void stop() throws Exception {
        t.close();
    }

    @Test
    void registersTheSlashCommandsWithSimplifiedAndTraditionalChineseDescriptions() {
        List<JsonNode> commands = t.discord.registeredCommands(null);
        assertThat(commands)
                .extracting(c -> c.path("name").asString())
                .contains("chat", "new", "retry", "system", "model", "imagine", "image", "help");
        JsonNode model = commands.stream()
                .filter(c -> c.path("name").asString().equals("model"))
                .findFirst()
                .orElseThrow();
        assertThat(model.path("options").get(0).path("autocomplete").asBoolean())
                .isTrue();
        assertThat(model.path("description_localizations").path("zh-CN").asString())
                .isEqualTo("查看或切换模型");
        assertThat(model.path("description_localizations").path("zh-TW").asString())
                .isEqualTo("查看或切換模型");
        JsonNode language = commands.stream()
                .filter(c -> c.path("name").asString().equals("language"))
                .findFirst()
                .orElseThrow();
        assertThat(language.path("description_localizations").path("zh-TW").asString())
                .isEqualTo("查看或選擇回覆語言");
        assertThat(language.path("options").get(0).path("choices").valueStream())
                .extracting(choice -> choice.path("value").asString())
                .containsExactly("en", "zh-CN", "zh-TW", "auto");
    }

    @Test
    void registersTheSlashCommandsOnlyInTheConfiguredGuilds() throws Exception {
        var options = new DiscordTestBot.Options().commandGuilds(discord -> List.of(discord.guildId()));
        try (DiscordTestBot guildOnly = DiscordTestBot.start(options)) {
            guildOnly.discord.await(
                    () -> !guildOnly
                            .discord
                            .registeredCommands(guildOnly.discord.guildId())
                            .isEmpty(),
                    DiscordTestBot.WAIT,
                    "the guild's commands");
            assertThat(guildOnly.discord.registeredCommands(guildOnly.discord.guildId()))
                    .extracting(c -> c.path("name").asString())
                    .contains("chat", "new", "retry", "system", "model", "imagine", "image", "help", "usage");
            assertThat(guildOnly.discord.registeredCommands(null)).isEmpty();
        }
    }

    @Test
    void runsTheConversationCommandsAsSlashCommands() {
        String bea = t.discord.user("bea");
        assertThat(answer(bea, "system", Map.of("prompt", "Answer like a pirate.")))
                .contains("System prompt saved");

        t.gateway.enqueue(Reply.of("Arr, ahoy."));
        assertThat(answer(bea, "chat", Map.of("message", "Hello"))).isEqualTo("Arr, ahoy.");
        var first = t.gateway.requests().getLast();
        assertThat(first.messages().getFirst().role()).isEqualTo("system");
        assertThat(first.messages().getFirst().text()).contains("Answer like a pirate.");

        t.gateway.enqueue(Reply.of("Arr, ahoy again."));
        assertThat(answer(bea, "retry", Map.of())).isEqualTo("Arr, ahoy again.");
        var retried = t.gateway.requests().getLast();
        assertThat(retried.lastUserText()).isEqualTo("Hello");
        assertThat(retried.messages()).hasSameSizeAs(first.messages()); // the old answer was replaced, not kept

        assertThat(answer(bea, "help", Map.of())).contains("/imagine").contains("/system");
        assertThat(answer(bea, "new", Map.of())).contains("New conversation");
        t.gateway.enqueue(Reply.of("A fresh start."));
        assertThat(answer(bea, "chat", Map.of("message", "Who am I?"))).isEqualTo("A fresh start.");
        assertThat(t.gateway.requests().getLast().messages())
                .extracting(m -> m.role())
                .containsExactly("system", "user");
    }

    private static String answer(String user, String command, Map<String, String> options) {
        return t.slashAnswer(t.discord.generalChannelId(), user, command, options);
    }

    @Test
    void defersASlashCommandAtOnceThenAnswersInThePlaceholder() {
        String alice = t.discord.user("alice");
        String channel = t.discord.generalChannelId();
        t.gateway.enqueue(Reply.of("Rust is a systems language.").withTimeToFirstToken(Duration.ofMillis(3500)));
        DispatchedInteraction chat = t.discord.slashCommand(channel, alice, "chat", Map.of("message", "What is Rust?"));

        t.awaitQuiet(
                () -> chat.originalMessageId() != null
                        && t.discord
                                .message(chat.originalMessageId())
                                .map(m -> m.content().equals("Rust is a systems language."))
                                .orElse(false),
                "the answer");
        assertThat(chat.callbackType()).isEqualTo(5); // deferred: "thinking…"
        assertThat(chat.acknowledgedAfter()).isLessThan(Duration.ofSeconds(3));
        assertThat(t.gateway.requests().getLast().lastUserText()).isEqualTo("What is Rust?");

        DispatchedInteraction fresh = t.discord.slashCommand(channel, alice, "new", Map.of());
        t.awaitQuiet(
                () -> fresh.originalMessageId() != null
                        && t.discord
                                .message(fresh.originalMessageId())
                                .map(m -> m.content().contains("New conversation"))
                                .orElse(false),
                "the /new answer");
    }

    @Test
    void editsTheDeferredReplyThroughTheOriginalResponseRoute() {
        String fay = t.discord.user("fay");
        String story =
                "Once upon a time a small crab lived in a tide pool. ".repeat(6).strip();
        t.gateway.enqueue(Reply.of(story).withChunkSize(12).withChunkDelay(Duration.ofMillis(100)));
        DispatchedInteraction chat =
                t.discord.slashCommand(t.discord.generalChannelId(), fay, "chat", Map.of("message", "A story?"));

        t.awaitQuiet(
                () -> chat.originalMessageId() != null
                        && t.discord
                                .message(chat.originalMessageId())
                                .map(m -> m.content().equals(story))
                                .orElse(false),
                "the streamed answer");
        // The first text and at least one edit while streaming, all through PATCH …/messages/@original.
        assertThat(chat.originalEditsThroughOriginalRoute()).isGreaterThanOrEqualTo(2);
        assertThat(chat.originalEditsById()).isZero();
    }

    @Test
    void autocompleteSearchesTheOfferedModelsAndAliasesAndAnExcludedModelIsRefused() throws Exception {
        List<String> listed = new java.util.ArrayList<>(List.of(
                "gpt-4o",
                "gpt-4o-mini-tts",
                "GPT-4o-Mini",
                "text-embedding-3-small",
                "deepseek-chat",
                "gpt-4o-mini-2024"));
        java.util.stream.IntStream.rangeClosed(1, 30).forEach(n -> listed.add("chat-%02d".formatted(n)));
        var options = new DiscordTestBot.Options()
                .models(
                        listed,
                        new dev.chatbridge.core.chat.ModelListSettings(
                                List.of(),
                                dev.chatbridge.core.chat.ModelListSettings.DEFAULT_EXCLUDE,
                                Map.of("speedy", "deepseek-chat")));
        try (DiscordTestBot own = DiscordTestBot.start(options)) {
            String carol = own.discord.user("carol", "en-US");
            String channel = own.discord.generalChannelId();

            DispatchedInteraction mini = own.discord.autocomplete(channel, carol, "model", "name", "MINI");
            own.discord.await(mini::acknowledged, DiscordTestBot.WAIT, "autocomplete choices");
            assertThat(mini.callbackType()).isEqualTo(8);
            assertThat(mini.choices())
                    .extracting(choice -> choice.path("value").asString())
                    .containsExactly("GPT-4o-Mini", "gpt-4o-mini-2024");

            DispatchedInteraction alias = own.discord.autocomplete(channel, carol, "model", "name", "speed");
            own.discord.await(alias::acknowledged, DiscordTestBot.WAIT, "alias choices");
            assertThat(alias.choices()).singleElement().satisfies(choice -> {
                assertThat(choice.path("name").asString()).isEqualTo("deepseek-chat (speedy)");
                assertThat(choice.path("value").asString()).isEqualTo("deepseek-chat");
            });

            DispatchedInteraction many = own.discord.autocomplete(channel, carol, "model", "name", "chat");
            own.discord.await(many::acknowledged, DiscordTestBot.WAIT, "many choices");
            assertThat(many.choices()).hasSize(25);

            DispatchedInteraction excluded =
                    own.discord.slashCommand(channel, carol, "model", Map.of("name", "text-embedding-3-small"));
            own.awaitQuiet(
                    () -> excluded.originalMessageId() != null
                            && own.discord
                                    .message(excluded.originalMessageId())
                                    .map(m -> m.content().contains("not offered here"))
                                    .orElse(false),
                    "the excluded model refused");

            // /models: ten to a page (repacked five to a row, as Discord allows), ▶ turns the page in place.
            DispatchedInteraction models = own.discord.slashCommand(channel, carol, "models", Map.of());
            own.awaitQuiet(
                    () -> models.originalMessageId() != null
                            && own.discord
                                    .message(models.originalMessageId())
                                    .map(m -> !m.buttonKeys().isEmpty())
                                    .orElse(false),
                    "the model keyboard");
            String keyboardId = models.originalMessageId();
            List<String> firstPage = own.discord.message(keyboardId).orElseThrow().buttonLabels().stream()
                    .flatMap(List::stream)
                    .toList();
            assertThat(firstPage).contains("chat-01", "1/4", "▶").doesNotContain("text-embedding-3-small");
            int next = firstPage.indexOf("▶");
            String nextKey = own.discord.message(keyboardId).orElseThrow().buttonKeys().stream()
                    .flatMap(List::stream)
                    .toList()
                    .get(next);
            own.discord.pressButton(keyboardId, nextKey, carol);
            own.awaitQuiet(
                    () -> own.discord
                            .message(keyboardId)
                            .map(m -> m.buttonLabels().stream()
                                    .flatMap(List::stream)
                                    .anyMatch("2/4"::equals))
                            .orElse(false),
                    "the second page");
            assertThat(own.discord.message(keyboardId).orElseThrow().buttonLabels().stream()
                            .flatMap(List::stream))
                    .contains("chat-11", "◀", "▶");

            String picked = mini.choices().get(1).path("value").asString();
            DispatchedInteraction model = own.discord.slashCommand(channel, carol, "model", Map.of("name", picked));
            own.awaitQuiet(
                    () -> model.originalMessageId() != null
                            && own.discord
                                    .message(model.originalMessageId())
                                    .map(m -> m.content().startsWith("✅")
                                            && m.content().contains(picked))
                                    .orElse(false),
                    "the switch confirmed");
            own.gateway.enqueue(Reply.of("ok"));
            own.discord.slashCommand(channel, carol, "chat", Map.of("message", "hello there"));
            own.awaitQuiet(
                    () -> own.gateway.requests().stream()
                            .anyMatch(r -> r.lastUserText().equals("hello there")),
                    "the question");
            assertThat(own.gateway.requests().getLast().model()).isEqualTo(picked);
        }
    }

    @Test
    void switchesTheModelWithAutocompleteFromTheGatewaysModelList() {
        String bob = t.discord.user("bob", "zh-CN");
        String channel = t.discord.generalChannelId();
        DispatchedInteraction typing = t.discord.autocomplete(channel, bob, "model", "name", "mini");
        t.discord.await(typing::acknowledged, DiscordTestBot.WAIT, "autocomplete choices");
        assertThat(typing.callbackType()).isEqualTo(8);
        assertThat(typing.choices())
                .isNotEmpty()
                .allSatisfy(
                        choice -> assertThat(choice.path("value").asString()).containsIgnoringCase("mini"));
        String picked = typing.choices().get(0).path("value").asString();

        DispatchedInteraction model = t.discord.slashCommand(channel, bob, "model", Map.of("name", picked));
        t.awaitQuiet(
                () -> model.originalMessageId() != null
                        && t.discord
                                .message(model.originalMessageId())
                                .map(m -> m.content().contains(picked))
                                .orElse(false),
                "the switch confirmed");
        assertThat(t.discord.message(model.originalMessageId()).orElseThrow().content())
                .startsWith("✅ 模型已切换");

        t.gateway.enqueue(Reply.of("好的"));
        t.discord.slashCommand(channel, bob, "chat", Map.of("message", "你好"));
        t.awaitQuiet(
                () -> t.gateway.requests().stream()
                        .anyMatch(r -> r.lastUserText().equals("你好")),
                "the question");
        assertThat(t.gateway.requests().getLast().model()).isEqualTo(picked);
    }

    @Test
    void imagineShowsProgressThenTheGridWhoseButtonsRunTheAction() {
        String carol = t.discord.user("carol");
        String channel = t.discord.generalChannelId();
        DispatchedInteraction imagine =
                t.discord.slashCommand(channel, carol, "imagine", Map.of("prompt", "a red fox in snow --ar 16:9"));
        PostedMessage grid =
                t.discord.awaitBotMessage(channel, m -> !m.attachments().isEmpty(), DiscordTestBot.WAIT);

        assertThat(imagine.callbackType()).isEqualTo(5);
        assertThat(grid.buttonLabels()).hasSize(2);
        assertThat(grid.buttonLabels().get(0)).containsExactly("U1", "U2", "U3", "U4", "🔄");
        assertThat(grid.buttonLabels().get(1)).containsExactly("V1", "V2", "V3", "V4");
        assertThat(grid.buttonKeys())
                .allSatisfy(row -> assertThat(row)
                        .allSatisfy(key -> assertThat(key).startsWith("mj:").hasSizeLessThanOrEqualTo(100)));
        assertThat(grid.content()).contains("a red fox in snow");
        // Progress is one embed, edited in place: titled with the prompt, a bar while drawing, green when done.
        t.discord.await(
                () -> t.discord
                        .message(imagine.originalMessageId())
                        .orElseThrow()
                        .embedDescription()
                        .startsWith("✅"),
                DiscordTestBot.WAIT,
                "the progress embed to finish");
        PostedMessage progress = t.discord.message(imagine.originalMessageId()).orElseThrow();
        assertThat(progress.content()).isEmpty();
        assertThat(progress.history()).allMatch(String::isEmpty);
        assertThat(progress.embedTitle()).isEqualTo("a red fox in snow --ar 16:9");
        assertThat(progress.embedColor()).isEqualTo(DiscordMessages.color(OutgoingText.Stage.SUCCEEDED));
        assertThat(progress.embedDescriptions().getFirst()).contains("Submitted");
        assertThat(progress.embedDescriptions()).anyMatch(text -> text.contains("▓"));
        assertThat(imagine.originalEditsById()).isZero(); // never the follow-up route for the original

        DispatchedInteraction press =
                t.discord.pressButton(grid.id(), grid.buttonKeys().get(0).get(1), carol); // U2
        assertThat(notice(press)).contains("On it");
        assertThat(press.acknowledgedAfter()).isLessThan(Duration.ofSeconds(3));
        assertThat(press.ephemeral()).isTrue();
        PostedMessage upscaled = t.discord.awaitBotMessage(
                channel, m -> !m.attachments().isEmpty() && !m.id().equals(grid.id()), DiscordTestBot.WAIT);
        assertThat(t.midjourney.submits().getLast().body().path("customId").asString())
                .startsWith("MJ::JOB::upsample::2::");
        assertThat(upscaled.replyTo()).isEqualTo(grid.id());

        // Someone else's press is refused at once.
        String dave = t.discord.user("dave");
        DispatchedInteraction foreign =
                t.discord.pressButton(grid.id(), grid.buttonKeys().get(1).get(0), dave);
        assertThat(notice(foreign)).contains("Only the person");
        assertThat(t.discord.rateLimitedCalls()).isZero();
    }

    @Test
    void settingsMenuButtonsChangeTheTemperatureTheNextRequestCarries() {
        String fay = t.discord.user("fay");
        String channel = t.discord.generalChannelId();
        t.discord.slashCommand(channel, fay, "settings", Map.of());
        PostedMessage menu = t.discord.awaitBotMessage(
                channel, m -> m.buttonKeys().stream().anyMatch(row -> row.contains("st:t")), DiscordTestBot.WAIT);
        assertThat(menu.content()).contains("Settings").contains("gpt-4o");
        // A server channel is a group: its context row is there too.
        assertThat(menu.buttonKeys().stream().flatMap(List::stream))
                .containsExactly("st:m", "st:t", "st:n", "st:d", "st:l", "st:s", "st:v", "st:g");

        DispatchedInteraction open = t.discord.pressButton(menu.id(), "st:t", fay);
        assertThat(notice(open)).contains("Choose below");
        PostedMessage choices = t.discord.awaitBotMessage(
                channel, m -> m.buttonKeys().stream().anyMatch(row -> row.contains("st:t=0.7")), DiscordTestBot.WAIT);
        DispatchedInteraction choose = t.discord.pressButton(choices.id(), "st:t=0.7", fay);
        assertThat(notice(choose)).contains("Temperature: 0.7");
        assertThat(choose.ephemeral()).isTrue();

        t.gateway.enqueue(Reply.of("Warm enough."));
        assertThat(answer(fay, "chat", Map.of("message", "How warm?"))).isEqualTo("Warm enough.");
        assertThat(t.gateway.requests().getLast().body().path("temperature").asDouble())
                .isEqualTo(0.7);
    }

    @Test
    void theSystemPromptButtonOpensAPrefilledFormWhoseSubmissionIsTheNextRequestsSystemPrompt() {
        String ida = t.discord.user("ida");
        String channel = t.discord.generalChannelId();
        assertThat(t.slashAnswer(channel, ida, "system", Map.of("prompt", "Be brief.")))
                .contains("saved");
        t.discord.slashCommand(channel, ida, "settings", Map.of());
        PostedMessage menu = t.discord.awaitBotMessage(
                channel,
                m -> m.content().contains("Be brief.")
                        && m.buttonKeys().stream().anyMatch(row -> row.contains("st:s")),
                DiscordTestBot.WAIT);

        DispatchedInteraction press = t.discord.pressButton(menu.id(), "st:s", ida);
        t.discord.await(press::acknowledged, DiscordTestBot.WAIT, "the press answered");
        JsonNode form = press.modal();
        assertThat(form).as("a modal is the press's first answer").isNotNull();
        assertThat(form.path("title").asString()).isEqualTo("System prompt");
        assertThat(form.at("/components/0/component/value").asString()).isEqualTo("Be brief.");

        DispatchedInteraction submitted = t.discord.submitModal(press, ida, Map.of("prompt", "Answer like a pirate."));
        assertThat(notice(submitted)).contains("System prompt saved");
        assertThat(submitted.acknowledgedAfter()).isLessThan(Duration.ofSeconds(3));

        t.gateway.enqueue(Reply.of("Arr."));
        assertThat(t.slashAnswer(channel, ida, "chat", Map.of("message", "Hello?")))
                .isEqualTo("Arr.");
        assertThat(t.gateway.requests().getLast().messages())
                .extracting(ReceivedChatRequest.Msg::text)
                .first()
                .isEqualTo("Answer like a pirate.");
    }

    @Test
    void onlySomeoneWhoManagesTheServerSharesAChannelsContext() {
        String gus = t.discord.user("gus");
        String owner = t.discord.ownerId();
        String channel = t.discord.addTextChannelNow("shared-" + gus);
        t.discord.slashCommand(channel, gus, "settings", Map.of());
        PostedMessage menu = t.discord.awaitBotMessage(
                channel, m -> m.buttonKeys().stream().anyMatch(row -> row.contains("st:g")), DiscordTestBot.WAIT);
        assertThat(menu.content()).contains("a conversation per member");
        assertThat(notice(t.discord.pressButton(menu.id(), "st:g", gus))).contains("Choose below");
        PostedMessage choices = t.discord.awaitBotMessage(
                channel,
                m -> m.buttonKeys().stream().anyMatch(row -> row.contains("st:g=shared")),
                DiscordTestBot.WAIT);

        assertThat(notice(t.discord.pressButton(choices.id(), "st:g=shared", gus)))
                .contains("Only this group's admins");
        assertThat(notice(t.discord.pressButton(choices.id(), "st:g=shared", owner)))
                .contains("one shared conversation");

        t.gateway.enqueue(Reply.of("Noted."));
        assertThat(t.slashAnswer(channel, gus, "chat", Map.of("message", "I am Gus")))
                .isEqualTo("Noted.");
        t.gateway.enqueue(Reply.of("Gus."));
        assertThat(t.slashAnswer(channel, owner, "chat", Map.of("message", "Who spoke?")))
                .isEqualTo("Gus.");
        assertThat(t.gateway.requests().getLast().messages())
                .extracting(ReceivedChatRequest.Msg::text)
                .containsExactly("I am Gus", "Noted.", "Who spoke?");
    }

    /** The notice that replaced a press's ephemeral "thinking…" acknowledgement. */
    private static String notice(DispatchedInteraction press) {
        t.discord.await(
                () -> press.originalMessageId() != null
                        && t.discord
                                .message(press.originalMessageId())
                                .map(m -> !m.content().isEmpty())
                                .orElse(false),
                DiscordTestBot.WAIT,
                "the press answered");
        return t.discord.message(press.originalMessageId()).orElseThrow().content();
    }

    @Test
    void aFailedImagineTurnsItsProgressEmbedRed() {
        String erin = t.discord.user("erin");
        String channel = t.discord.generalChannelId();
        t.midjourney.failTask("a doomed lighthouse", "the model refused");
        DispatchedInteraction imagine =
                t.discord.slashCommand(channel, erin, "imagine", Map.of("prompt", "a doomed lighthouse"));

        t.discord.await(
                () -> imagine.originalMessageId() != null
                        && t.discord
                                .message(imagine.originalMessageId())
                                .orElseThrow()
                                .embedDescription()
                                .startsWith("❌"),
                DiscordTestBot.WAIT,
                "the progress embed to fail");
        PostedMessage progress = t.discord.message(imagine.originalMessageId()).orElseThrow();
        assertThat(progress.content()).isEmpty();
        assertThat(progress.embedTitle()).isEqualTo("a doomed lighthouse");
        assertThat(progress.embedDescription()).contains("the model refused");
        assertThat(progress.embedColor()).isEqualTo(DiscordMessages.color(OutgoingText.Stage.FAILED));
    }
}
