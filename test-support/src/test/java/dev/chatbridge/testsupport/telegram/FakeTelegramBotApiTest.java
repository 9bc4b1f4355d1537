package dev.chatbridge.testsupport.telegram;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class FakeTelegramBotApiTest {
    private static final String TOKEN = "123456:test-secret";
    private static final long PRIVATE_CHAT = 42;
    private static final long GROUP_CHAT = -100123;

    private FakeTelegramBotApi telegram;
    private BotApiClient client;

    @BeforeEach
    void start() {
        telegram = new FakeTelegramBotApi(TOKEN);
        client = new BotApiClient(telegram.baseUrl(), TOKEN);
    }

    @AfterEach
    void stop() {
        telegram.close();
    }

    @Test
    void answersGetMeCaseInsensitivelyWithTheBotIdentity() {
        var response = client.call("getme", "{}");

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.result().get("id").asLong()).isEqualTo(777000);
        assertThat(response.result().get("is_bot").asBoolean()).isTrue();
        assertThat(response.result().get("username").asString()).isEqualTo("chatbridge_bot");
        assertThat(telegram.calls("getMe")).hasSize(1);
    }

    @Test
    void rejectsAWrongTokenAs401Unauthorized() {
        var response = new BotApiClient(telegram.baseUrl(), "999:wrong").call("getMe", "{}");

        assertThat(response.status()).isEqualTo(401);
        assertThat(response.body().get("ok").asBoolean()).isFalse();
        assertThat(response.body().get("error_code").asInt()).isEqualTo(401);
        assertThat(response.description()).isEqualTo("Unauthorized");
    }

    @Test
    void answersUnknownMethodsAs404NotFound() {
        var response = client.call("sendTelepathy", "{}");

        assertThat(response.status()).isEqualTo(404);
        assertThat(response.description()).isEqualTo("Not Found");
    }

    @Test
    void returnsATelegramMessageWithVisibleTextAndEntities() {
        var response =
                client.call("sendmessage", "{\"chat_id\":42,\"text\":\"<b>Hi</b> &amp; bye\",\"parse_mode\":\"HTML\"}");

        JsonNode message = response.result();
        assertThat(message.get("message_id").asInt()).isPositive();
        assertThat(message.get("chat").get("type").asString()).isEqualTo("private");
        assertThat(message.get("from").get("id").asLong()).isEqualTo(777000);
        assertThat(message.get("text").asString()).isEqualTo("Hi & bye");
        assertThat(message.get("entities").get(0).get("type").asString()).isEqualTo("bold");
        assertThat(telegram.messages(PRIVATE_CHAT)).singleElement().satisfies(sent -> {
            assertThat(sent.text()).isEqualTo("Hi & bye");
            assertThat(sent.rawText()).isEqualTo("<b>Hi</b> &amp; bye");
            assertThat(sent.parseMode()).isEqualTo("HTML");
        });
    }

    @Test
    void describesGroupChatsAsSupergroups() {
        var response = client.call("sendMessage", BotApiClient.sendMessage(GROUP_CHAT, "hello"));

        assertThat(response.result().get("chat").get("type").asString()).isEqualTo("supergroup");
    }

    @Test
    void countsTheLimitOf4096AfterParsingHtml() {
        String visible4096 = "a".repeat(4096);

        var fits = client.call(
                "sendMessage",
                "{\"chat_id\":42,\"parse_mode\":\"HTML\",\"text\":" + BotApiClient.quote("<b>" + visible4096 + "</b>")
                        + "}");
        telegram.floodControl(false);
        var tooLong = client.call("sendMessage", BotApiClient.sendMessage(PRIVATE_CHAT, visible4096 + "b"));

        assertThat(fits.status()).isEqualTo(200);
        assertThat(tooLong.status()).isEqualTo(400);
        assertThat(tooLong.description()).isEqualTo("Bad Request: message is too long");
    }

    @Test
    void rejectsEmptyText() {
        var response = client.call("sendMessage", "{\"chat_id\":42,\"text\":\"  \"}");

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.description()).isEqualTo("Bad Request: message text is empty");
    }

    @Test
    void rejectsUnsupportedHtmlAsCantParseEntities() {
        var response =
                client.call("sendMessage", "{\"chat_id\":42,\"text\":\"<h1>Title</h1>\",\"parse_mode\":\"HTML\"}");

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.description())
                .isEqualTo("Bad Request: can't parse entities: Unsupported start tag \"h1\" at byte offset 0");
        assertThat(telegram.messages(PRIVATE_CHAT)).isEmpty();
    }

    @Test
    void rejectsUnescapedMarkdownV2ReservedCharacters() {
        var response = client.call("sendMessage", "{\"chat_id\":42,\"text\":\"Done.\",\"parse_mode\":\"MarkdownV2\"}");

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.description()).startsWith("Bad Request: can't parse entities: Character '.' is reserved");
    }

    @Test
    void editsAMessageAndCountsTheEdit() {
        telegram.floodControl(false);
        int id = client.call("sendMessage", BotApiClient.sendMessage(PRIVATE_CHAT, "draft"))
                .result()
                .get("message_id")
                .asInt();

        var edited = client.call("editMessageText", "{\"chat_id\":42,\"message_id\":" + id + ",\"text\":\"final\"}");

        assertThat(edited.status()).isEqualTo(200);
        assertThat(edited.result().get("text").asString()).isEqualTo("final");
        assertThat(telegram.messages(PRIVATE_CHAT))
                .singleElement()
                .satisfies(sent -> assertThat(sent.editCount()).isEqualTo(1));
    }

    @Test
    void rejectsEditWithIdenticalTextAsNotModified() {
        telegram.floodControl(false);
        int id = client.call("sendMessage", BotApiClient.sendMessage(PRIVATE_CHAT, "same"))
                .result()
                .get("message_id")
                .asInt();

        var edited = client.call("editMessageText", "{\"chat_id\":42,\"message_id\":" + id + ",\"text\":\"same\"}");

        assertThat(edited.status()).isEqualTo(400);
        assertThat(edited.description())
                .startsWith("Bad Request: message is not modified: specified new message "
                        + "content and reply markup are exactly the same");
        assertThat(telegram.messages(PRIVATE_CHAT).getFirst().editCount()).isZero();
    }

    @Test
    void editMessageMediaPutsAPhotoIntoATextMessageAndOnlyAPhotoHasACaption() {
        telegram.floodControl(false);
        int id = client.call("sendMessage", BotApiClient.sendMessage(PRIVATE_CHAT, "drawing 10%"))
                .result()
                .get("message_id")
                .asInt();
        var noCaption = client.call(
                "editMessageCaption", "{\"chat_id\":42,\"message_id\":" + id + ",\"caption\":\"drawing 20%\"}");
        String media = "{\"chat_id\":42,\"message_id\":" + id + ",\"media\":{\"type\":\"photo\","
                + "\"media\":\"https://cdn.example/p.png\",\"caption\":\"drawing 35%\"}}";

        var edited = client.call("editMessageMedia", media);
        var again = client.call("editMessageMedia", media);
        var noText = client.call("editMessageText", "{\"chat_id\":42,\"message_id\":" + id + ",\"text\":\"x\"}");
        var caption = client.call(
                "editMessageCaption", "{\"chat_id\":42,\"message_id\":" + id + ",\"caption\":\"drawing 60%\"}");

        assertThat(noCaption.description()).isEqualTo("Bad Request: there is no caption in the message to edit");
        assertThat(edited.status()).isEqualTo(200);
        assertThat(edited.result().has("photo")).isTrue();
        assertThat(again.description()).startsWith("Bad Request: message is not modified");
        assertThat(noText.description()).isEqualTo("Bad Request: there is no text in the message to edit");
        assertThat(caption.status()).isEqualTo(200);
        assertThat(telegram.messages(PRIVATE_CHAT)).singleElement().satisfies(sent -> {
            assertThat(sent.photo()).isTrue();
            assertThat(sent.text()).isEqualTo("drawing 60%");
            assertThat(sent.editCount()).isEqualTo(2);
        });
    }

    @Test
    void rejectsEditOfAMessageThatDoesNotExist() {
        var edited = client.call("editMessageText", "{\"chat_id\":42,\"message_id\":999,\"text\":\"x\"}");

        assertThat(edited.status()).isEqualTo(400);
        assertThat(edited.description()).isEqualTo("Bad Request: message to edit not found");
    }

    @Test
    void refusesAMessageWithin1sOfTheLastWith429AndRetryAfter() throws Exception {
        var first = client.call("sendMessage", BotApiClient.sendMessage(PRIVATE_CHAT, "one"));
        var tooSoon = client.call("sendMessage", BotApiClient.sendMessage(PRIVATE_CHAT, "two"));

        assertThat(first.status()).isEqualTo(200);
        assertThat(tooSoon.status()).isEqualTo(429);
        assertThat(tooSoon.description()).isEqualTo("Too Many Requests: retry after 1");
        assertThat(tooSoon.body().get("parameters").get("retry_after").asInt()).isEqualTo(1);
        assertThat(telegram.rateViolations(PRIVATE_CHAT)).isEqualTo(1);
        assertThat(telegram.messages(PRIVATE_CHAT)).hasSize(1);

        Thread.sleep(1050);
        var afterWindow = client.call("sendMessage", BotApiClient.sendMessage(PRIVATE_CHAT, "two"));

        assertThat(afterWindow.status()).isEqualTo(200);
        assertThat(telegram.messages(PRIVATE_CHAT))
                .extracting(SentMessage::text)
                .containsExactly("one", "two");
    }

    @Test
    void refusesEveryCallToAChatDuringARetryWindow() {
        telegram.retryAfterSeconds(5);
        client.call("sendMessage", BotApiClient.sendMessage(PRIVATE_CHAT, "one"));
        client.call("sendMessage", BotApiClient.sendMessage(PRIVATE_CHAT, "two"));

        var action = client.call("sendChatAction", "{\"chat_id\":42,\"action\":\"typing\"}");
        var otherChat = client.call("sendMessage", BotApiClient.sendMessage(43, "elsewhere"));

        assertThat(action.status()).isEqualTo(429);
        assertThat(action.body().get("parameters").get("retry_after").asInt()).isBetween(4, 5);
        assertThat(otherChat.status()).isEqualTo(200);
        assertThat(telegram.rateViolations()).isEqualTo(2);
    }

    @Test
    void spacesGroupMessagesFurtherApartThanPrivateOnes() throws Exception {
        client.call("sendMessage", BotApiClient.sendMessage(PRIVATE_CHAT, "p1"));
        client.call("sendMessage", BotApiClient.sendMessage(GROUP_CHAT, "g1"));
        Thread.sleep(1000);

        assertThat(client.call("sendMessage", BotApiClient.sendMessage(PRIVATE_CHAT, "p2"))
                        .status())
                .isEqualTo(200);
        assertThat(client.call("sendMessage", BotApiClient.sendMessage(GROUP_CHAT, "g2"))
                        .status())
                .isEqualTo(429);
    }

    @Test
    void countsEditsAgainstTheFloodLimit() {
        int id = client.call("sendMessage", BotApiClient.sendMessage(PRIVATE_CHAT, "a"))
                .result()
                .get("message_id")
                .asInt();

        var edit = client.call("editMessageText", "{\"chat_id\":42,\"message_id\":" + id + ",\"text\":\"ab\"}");

        assertThat(edit.status()).isEqualTo(429);
        assertThat(telegram.messages(PRIVATE_CHAT).getFirst().text()).isEqualTo("a");
    }

    @Test
    void sendsAnInjectedRetryAfterOnlyAsHeaderAndStillEnforcesIt() {
        telegram.floodControl(false);
        telegram.failNext("sendMessage", 429, "Too Many Requests: retry after 7", 7, true);

        var injected = client.call("sendMessage", BotApiClient.sendMessage(PRIVATE_CHAT, "x"));
        var next = client.call("sendMessage", BotApiClient.sendMessage(PRIVATE_CHAT, "x"));

        assertThat(injected.status()).isEqualTo(429);
        assertThat(injected.body().has("parameters")).isFalse();
        assertThat(injected.raw().headers().firstValue("Retry-After")).hasValue("7");
        assertThat(next.status()).isEqualTo(429);
        assertThat(telegram.rateViolations(PRIVATE_CHAT)).isEqualTo(1);
    }

    @Test
    void failsOnlyTheNextCallOfAnInjectedMethod() {
        telegram.floodControl(false);
        telegram.failNext("sendmessage", 502, "Bad Gateway");

        assertThat(client.call("sendMessage", BotApiClient.sendMessage(PRIVATE_CHAT, "x"))
                        .status())
                .isEqualTo(502);
        assertThat(client.call("sendMessage", BotApiClient.sendMessage(PRIVATE_CHAT, "x"))
                        .status())
                .isEqualTo(200);
        assertThat(telegram.calls("sendMessage"))
                .extracting(ApiCall::httpStatus)
                .containsExactly(502, 200);
    }

    @Test
    void acceptsDraftsOnlyInPrivateChats() {
        var privateDraft = client.call("sendMessageDraft", "{\"chat_id\":42,\"draft_id\":7,\"text\":\"Thinking\"}");
        var groupDraft = client.call("sendMessageDraft", "{\"chat_id\":-100123,\"draft_id\":7,\"text\":\"Thinking\"}");

        assertThat(privateDraft.result().asBoolean()).isTrue();
        assertThat(groupDraft.status()).isEqualTo(400);
        assertThat(groupDraft.description()).isEqualTo("Bad Request: TEXTDRAFT_PEER_INVALID");
        assertThat(telegram.drafts(PRIVATE_CHAT)).extracting(SentDraft::text).containsExactly("Thinking");
    }

    @Test
    void acceptsFormEncodedParameters() {
        var response = client.form("sendMessage", "chat_id=42&text=Hello%20there");

        assertThat(response.status()).isEqualTo(200);
        assertThat(telegram.messages(PRIVATE_CHAT).getFirst().text()).isEqualTo("Hello there");
    }

    @Test
    void wakesALongPollAsSoonAsAUserWrites() throws Exception {
        long started = System.nanoTime();
        var poll = CompletableFuture.supplyAsync(() -> client.call("getupdates", "{\"offset\":0,\"timeout\":10}"));
        Thread.sleep(200);

        int updateId = telegram.sendText(PRIVATE_CHAT, 7, "hello");
        var response = poll.get(5, TimeUnit.SECONDS);

        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(3));
        JsonNode update = response.result().get(0);
        assertThat(update.get("update_id").asInt()).isEqualTo(updateId);
        assertThat(update.get("message").get("text").asString()).isEqualTo("hello");
        assertThat(update.get("message").get("from").get("id").asLong()).isEqualTo(7);
    }

    @Test
    void returnsAnUpdateUntilItIsConfirmedByOffset() {
        int id = telegram.sendText(PRIVATE_CHAT, 7, "hello");

        assertThat(client.call("getUpdates", "{}").result()).hasSize(1);
        assertThat(client.call("getUpdates", "{}").result()).hasSize(1);
        assertThat(client.call("getUpdates", "{\"offset\":" + (id + 1) + "}").result())
                .isEmpty();
        assertThat(telegram.pendingUpdates()).isZero();
        assertThat(telegram.confirmedOffset()).isEqualTo(id + 1);
    }

    @Test
    void redeliversAnUpdateEvenBelowTheConfirmedOffset() {
        int id = telegram.sendText(PRIVATE_CHAT, 7, "hello");
        client.call("getUpdates", "{}");
        client.call("getUpdates", "{\"offset\":" + (id + 1) + "}");

        telegram.redeliver(id);
        var again = client.call("getUpdates", "{\"offset\":" + (id + 1) + "}");
        var afterThat = client.call("getUpdates", "{\"offset\":" + (id + 1) + "}");

        assertThat(again.result())
                .singleElement()
                .satisfies(update -> assertThat(update.get("update_id").asInt()).isEqualTo(id));
        assertThat(afterThat.result()).isEmpty();
    }

    @Test
    void marksCommandsAndMentionsWithUtf16Offsets() {
        telegram.sendText(PRIVATE_CHAT, 7, "/imagine@chatbridge_bot 😀 a cat for @some_friend");

        JsonNode entities =
                client.call("getUpdates", "{}").result().get(0).get("message").get("entities");

        assertThat(entities).hasSize(2);
        assertThat(entities.get(0).get("type").asString()).isEqualTo("bot_command");
        assertThat(entities.get(0).get("offset").asInt()).isZero();
        assertThat(entities.get(0).get("length").asInt()).isEqualTo("/imagine@chatbridge_bot".length());
        assertThat(entities.get(1).get("type").asString()).isEqualTo("mention");
        // The emoji is two UTF-16 units: "/imagine@chatbridge_bot " (24) + 2 + " a cat for " (11).
        assertThat(entities.get(1).get("offset").asInt()).isEqualTo(37);
        assertThat(entities.get(1).get("length").asInt()).isEqualTo("@some_friend".length());
    }

    @Test
    void includesTheRepliedBotMessageWithTheBotAsSender() {
        telegram.floodControl(false);
        int botMessage = client.call("sendMessage", BotApiClient.sendMessage(GROUP_CHAT, "What next?"))
                .result()
                .get("message_id")
                .asInt();

        telegram.sendText(UserText.of(GROUP_CHAT, 7, "more please")
                .withChatType(UserText.ChatType.GROUP)
                .withLanguageCode("zh-hans")
                .replyingTo(botMessage));
        JsonNode message = client.call("getUpdates", "{}").result().get(0).get("message");

        assertThat(message.get("chat").get("type").asString()).isEqualTo("group");
        assertThat(message.get("from").get("language_code").asString()).isEqualTo("zh-hans");
        JsonNode replied = message.get("reply_to_message");
        assertThat(replied.get("message_id").asInt()).isEqualTo(botMessage);
        assertThat(replied.get("from").get("id").asLong()).isEqualTo(777000);
        assertThat(replied.get("text").asString()).isEqualTo("What next?");
    }

    @Test
    void endsAWaitingLongPollWithAConflictWhenASecondPollerArrives() throws Exception {
        var first = CompletableFuture.supplyAsync(() -> client.call("getUpdates", "{\"timeout\":10}"));
        Thread.sleep(200);

        var second = CompletableFuture.supplyAsync(() -> client.call("getUpdates", "{\"timeout\":1}"));

        var firstResponse = first.get(5, TimeUnit.SECONDS);
        assertThat(firstResponse.status()).isEqualTo(409);
        assertThat(firstResponse.description()).startsWith("Conflict: terminated by other getUpdates request");
        assertThat(second.get(5, TimeUnit.SECONDS).status()).isEqualTo(200);
    }

    @Test
    void endsAWaitingLongPollPromptlyOnClose() throws Exception {
        var poll = CompletableFuture.supplyAsync(() -> {
            try {
                return client.call("getUpdates", "{\"timeout\":30}").status();
            } catch (AssertionError e) {
                return -1; // the connection closed: also prompt
            }
        });
        Thread.sleep(200);
        long started = System.nanoTime();

        telegram.close();

        assertThat(poll.get(5, TimeUnit.SECONDS)).isIn(200, -1);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(2));
    }

    @Test
    void storesValidCommandsPerLanguageAndRejectsInvalidOnes() {
        var valid = client.call(
                "setMyCommands",
                "{\"commands\":[{\"command\":\"imagine\",\"description\":\"画图\"}],\"language_code\":\"zh\"}");
        var invalid =
                client.call("setMyCommands", "{\"commands\":[{\"command\":\"Imagine!\",\"description\":\"Draw\"}]}");
        var regional = client.call(
                "setMyCommands",
                "{\"commands\":[{\"command\":\"imagine\",\"description\":\"畫圖\"}],\"language_code\":\"zh-TW\"}");

        assertThat(valid.result().asBoolean()).isTrue();
        assertThat(telegram.commands("zh")).containsExactly(new BotCommandEntry("imagine", "画图"));
        assertThat(telegram.commands(null)).isEmpty();
        assertThat(invalid.status()).isEqualTo(400);
        assertThat(regional.status()).isEqualTo(400);
        assertThat(regional.description()).isEqualTo("Bad Request: invalid language code specified");
        assertThat(client.call("getMyCommands", "{\"language_code\":\"zh\"}")
                        .result()
                        .get(0)
                        .get("command")
                        .asString())
                .isEqualTo("imagine");
    }

    @Test
    void keepsEachChatsOwnCommandsApartAndRefusesAChatScopeWithoutAChat() {
        var own = client.call(
                "setMyCommands",
                "{\"commands\":[{\"command\":\"new\",\"description\":\"開始新的對話\"}],"
                        + "\"scope\":{\"type\":\"chat\",\"chat_id\":\"42\"}}");
        var noChat = client.call(
                "setMyCommands",
                "{\"commands\":[{\"command\":\"new\",\"description\":\"New\"}],\"scope\":{\"type\":\"chat\"}}");
        var emptyChat = client.call("deleteMyCommands", "{\"scope\":{\"type\":\"chat\",\"chat_id\":\"\"}}");
        var zeroChat = client.call("getMyCommands", "{\"scope\":{\"type\":\"chat\",\"chat_id\":0}}");
        var adminsOfAPrivateChat =
                client.call("getMyCommands", "{\"scope\":{\"type\":\"chat_administrators\",\"chat_id\":42}}");

        assertThat(own.result().asBoolean()).isTrue();
        assertThat(telegram.chatCommands(PRIVATE_CHAT, null)).containsExactly(new BotCommandEntry("new", "開始新的對話"));
        assertThat(telegram.chatCommands(43, null)).isEmpty();
        assertThat(telegram.commands(null)).isEmpty();
        assertThat(telegram.chatMenuCalls("setMyCommands", PRIVATE_CHAT)).hasSize(1);
        assertThat(telegram.chatMenuCalls("setMyCommands", 43)).isEmpty();
        assertThat(client.call("getMyCommands", "{\"scope\":{\"type\":\"chat\",\"chat_id\":42}}")
                        .result()
                        .get(0)
                        .get("description")
                        .asString())
                .isEqualTo("開始新的對話");
        assertThat(noChat.status()).isEqualTo(400);
        assertThat(noChat.description())
                .isEqualTo("Bad Request: can't parse BotCommandScope: Can't find field \"chat_id\"");
        assertThat(emptyChat.description())
                .isEqualTo("Bad Request: can't parse BotCommandScope: Empty chat_id specified");
        assertThat(zeroChat.description()).isEqualTo("Bad Request: chat not found");
        assertThat(adminsOfAPrivateChat.description())
                .isEqualTo("Bad Request: can't use specified scope in private chats");

        client.call("deleteMyCommands", "{\"scope\":{\"type\":\"chat\",\"chat_id\":42}}");
        assertThat(telegram.chatCommands(PRIVATE_CHAT, null)).isEmpty();
    }

    @Test
    void resolvesAPrivateChatsMenuInTelegramsDocumentedOrder() {
        String chat = "{\"type\":\"chat\",\"chat_id\":42}";
        String privateChats = "{\"type\":\"all_private_chats\"}";
        String defaults = "{\"type\":\"default\"}";
        setCommand(defaults, null, "default");
        assertThat(menuDescription("zh-hans")).isEqualTo("default");
        setCommand(defaults, "zh", "default zh");
        assertThat(menuDescription("zh-hans")).isEqualTo("default zh");
        assertThat(menuDescription("en")).isEqualTo("default");
        setCommand(privateChats, null, "private");
        assertThat(menuDescription("zh-hans")).isEqualTo("private");
        setCommand(privateChats, "zh", "private zh");
        assertThat(menuDescription("zh-hans")).isEqualTo("private zh");
        setCommand(chat, null, "chat");
        assertThat(menuDescription("zh-hans")).isEqualTo("chat");
        setCommand(chat, "zh", "chat zh");
        assertThat(menuDescription("zh-hant")).isEqualTo("chat zh");
        assertThat(menuDescription("en")).isEqualTo("chat");
        assertThat(telegram.menuInPrivateChat(43, "zh-hant"))
                .as("another chat")
                .containsExactly(new BotCommandEntry("new", "private zh"));

        client.call("deleteMyCommands", "{\"scope\":" + chat + ",\"language_code\":\"zh\"}");
        client.call("setMyCommands", "{\"commands\":[],\"scope\":" + chat + "}"); // an empty list is none
        assertThat(menuDescription("zh-hans")).isEqualTo("private zh");
        assertThat(menuDescription(null)).isEqualTo("private");
    }

    private void setCommand(String scope, @Nullable String languageCode, String description) {
        var set = client.call(
                "setMyCommands",
                "{\"commands\":[{\"command\":\"new\",\"description\":\"" + description + "\"}],\"scope\":" + scope
                        + (languageCode == null ? "" : ",\"language_code\":\"" + languageCode + "\"") + "}");
        assertThat(set.result().asBoolean()).isTrue();
    }

    private String menuDescription(@Nullable String userLanguageCode) {
        return telegram.menuInPrivateChat(PRIVATE_CHAT, userLanguageCode)
                .getFirst()
                .description();
    }

    @Test
    void acceptsOneAnswerPerPressedButton() {
        var sent = client.call(
                "sendMessage",
                "{\"chat_id\":42,\"text\":\"Pick\",\"reply_markup\":"
                        + "{\"inline_keyboard\":[[{\"text\":\"U1\",\"callback_data\":\"mj:u1\"}]]}}");
        int messageId = sent.result().get("message_id").asInt();
        telegram.pressButton(PRIVATE_CHAT, 7, messageId, "mj:u1");
        String queryId = client.call("getUpdates", "{}")
                .result()
                .get(0)
                .get("callback_query")
                .get("id")
                .asString();

        var first = client.call("answerCallbackQuery", "{\"callback_query_id\":\"" + queryId + "\"}");
        var second = client.call("answerCallbackQuery", "{\"callback_query_id\":\"" + queryId + "\"}");

        assertThat(first.status()).isEqualTo(200);
        assertThat(second.description()).contains("query is too old");
        assertThat(telegram.messages(PRIVATE_CHAT).getFirst().callbackData()).containsExactly("mj:u1");
    }

    @Test
    void rejectsCallbackDataLongerThan64Bytes() {
        var sent = client.call(
                "sendMessage",
                "{\"chat_id\":42,\"text\":\"Pick\",\"reply_markup\":"
                        + "{\"inline_keyboard\":[[{\"text\":\"U1\",\"callback_data\":\"" + "x".repeat(65) + "\"}]]}}");

        assertThat(sent.description()).isEqualTo("Bad Request: BUTTON_DATA_INVALID");
    }

    @Test
    void reportsWhatItHasWhenAwaitingMessagesTimesOut() {
        assertThatThrownBy(() -> telegram.awaitMessages(PRIVATE_CHAT, 1, Duration.ofMillis(100)))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("1 bot messages in chat 42");
    }

    @Test
    void forumTopicsCarryTheirThreadAndSendsMustNameAnExistingTopic() {
        telegram.floodControl(false); // several sends to one group in a row
        telegram.openForum(GROUP_CHAT, 11);
        telegram.sendText(UserText.of(GROUP_CHAT, 7, "in a topic").inTopic(11));
        JsonNode update = client.call("getUpdates", "{}").result().get(0).get("message");
        assertThat(update.get("message_thread_id").asInt()).isEqualTo(11);
        assertThat(update.get("is_topic_message").asBoolean()).isTrue();
        assertThat(update.path("chat").get("is_forum").asBoolean()).isTrue();

        var inTopic =
                client.call("sendMessage", "{\"chat_id\":" + GROUP_CHAT + ",\"message_thread_id\":11,\"text\":\"a\"}");
        assertThat(inTopic.result().get("message_thread_id").asInt()).isEqualTo(11);
        int replyTarget = update.get("message_id").asInt();
        var byReply = client.call(
                "sendMessage",
                "{\"chat_id\":" + GROUP_CHAT + ",\"text\":\"b\",\"reply_parameters\":{\"message_id\":" + replyTarget
                        + "}}");
        assertThat(byReply.result().get("message_thread_id").asInt()).isEqualTo(11); // a reply keeps the topic
        var general = client.call("sendMessage", BotApiClient.sendMessage(GROUP_CHAT, "c"));
        assertThat(general.result().has("message_thread_id")).isFalse();
        assertThat(telegram.messages(GROUP_CHAT))
                .extracting(SentMessage::threadId)
                .containsExactly(11, 11, null);

        for (String wrong : new String[] {
            "{\"chat_id\":" + GROUP_CHAT + ",\"message_thread_id\":1,\"text\":\"General\"}",
            "{\"chat_id\":" + GROUP_CHAT + ",\"message_thread_id\":99,\"text\":\"unknown\"}",
            "{\"chat_id\":-100999,\"message_thread_id\":11,\"text\":\"no forum\"}",
        }) {
            var refused = client.call("sendMessage", wrong);
            assertThat(refused.status()).isEqualTo(400);
            assertThat(refused.description()).isEqualTo("Bad Request: message thread not found");
        }
        var photo = client.call(
                "sendPhoto", "{\"chat_id\":-100999,\"message_thread_id\":11,\"photo\":\"https://example.org/x.jpg\"}");
        assertThat(photo.description()).isEqualTo("Bad Request: message thread not found");
        var typing =
                client.call("sendChatAction", "{\"chat_id\":-100999,\"message_thread_id\":11,\"action\":\"typing\"}");
        assertThat(typing.description()).isEqualTo("Bad Request: message thread not found");
        assertThatThrownBy(() -> telegram.sendText(UserText.of(-100999, 7, "x").inTopic(11)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
