package dev.chatbridge.telegram;

import static dev.chatbridge.testsupport.telegram.FakeTelegramBotApi.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.chatbridge.testsupport.openai.ReceivedChatRequest;
import dev.chatbridge.testsupport.telegram.FakeTelegramBotApi;
import dev.chatbridge.testsupport.telegram.SentMessage;
import dev.chatbridge.testsupport.telegram.UserText;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Who the bot answers: addressing in groups, per-user group context, and the allowlist. */
class TelegramGroupsAndAccessIT {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @Test
    void answersInGroupsOnlyWhenAddressed() throws Exception {
        try (var t = TelegramTestBot.start()) {
            long group = -TelegramTestBot.newId();
            long user = TelegramTestBot.newId();
            String bot = "@" + FakeTelegramBotApi.DEFAULT_BOT_USERNAME;

            t.telegram.sendText(inGroup(group, user, "just chatting with friends"));
            t.telegram.sendText(inGroup(group, user, "/new@some_other_bot"));
            t.telegram.sendText(inGroup(group, user, bot + " what is 2+2?"));
            t.telegram.awaitMessages(group, 1, WAIT);
            await("answered", () -> t.core.activeAnswers().count() == 0, WAIT);

            SentMessage answer = t.telegram.messages(group).getFirst();
            assertThat(answer.text()).isEqualTo("echo: what is 2+2?");
            assertThat(answer.replyToMessageId()).isNotNull();
            assertThat(t.gateway.requests())
                    .extracting(ReceivedChatRequest::lastUserText)
                    .containsExactly("what is 2+2?");

            t.telegram.sendText(inGroup(group, user, "and times 3?").replyingTo(answer.messageId()));
            t.telegram.sendText(inGroup(group, user, "/help" + bot));
            t.telegram.awaitMessages(group, 3, WAIT);
            await("answered", () -> t.core.activeAnswers().count() == 0, WAIT);
            assertThat(t.telegram.messages(group))
                    .extracting(SentMessage::text)
                    .anyMatch(text -> text.equals("echo: and times 3?"))
                    .anyMatch(text -> text.contains("/retry"));
            assertThat(t.telegram.rateViolations(group)).isZero();
        }
    }

    @Test
    void keepsOneContextPerUserInAGroup() throws Exception {
        try (var t = TelegramTestBot.start()) {
            long group = -TelegramTestBot.newId();
            long alice = TelegramTestBot.newId();
            long bob = TelegramTestBot.newId();
            String bot = "@" + FakeTelegramBotApi.DEFAULT_BOT_USERNAME;

            t.telegram.sendText(inGroup(group, alice, bot + " I am Alice"));
            t.telegram.awaitMessages(group, 1, WAIT);
            await("answered", () -> t.core.activeAnswers().count() == 0, WAIT);
            t.telegram.sendText(inGroup(group, bob, bot + " who am I?"));
            t.telegram.awaitMessages(group, 2, WAIT);
            await("answered", () -> t.core.activeAnswers().count() == 0, WAIT);

            assertThat(t.gateway.requests().getLast().messages())
                    .extracting(ReceivedChatRequest.Msg::text)
                    .containsExactly("who am I?");
        }
    }

    @Test
    void sharesTheContextInAGroupWhenConfigured() throws Exception {
        try (var t = TelegramTestBot.start(new TelegramTestBot.Options().sharedGroupContext(true))) {
            long group = -TelegramTestBot.newId();
            String bot = "@" + FakeTelegramBotApi.DEFAULT_BOT_USERNAME;
            t.telegram.sendText(inGroup(group, TelegramTestBot.newId(), bot + " I am Alice"));
            t.telegram.awaitMessages(group, 1, WAIT);
            await("answered", () -> t.core.activeAnswers().count() == 0, WAIT);
            t.telegram.sendText(inGroup(group, TelegramTestBot.newId(), bot + " who spoke before?"));
            t.telegram.awaitMessages(group, 2, WAIT);

            assertThat(t.gateway.awaitRequests(2, WAIT).getLast().messages())
                    .extracting(ReceivedChatRequest.Msg::text)
                    .containsExactly("I am Alice", "echo: I am Alice", "who spoke before?");
        }
    }

    @Test
    void aGroupsAdminSharesItsContextFromSettingsAndOthersCannot() throws Exception {
        try (var t = TelegramTestBot.start()) {
            long group = -TelegramTestBot.newId();
            long admin = TelegramTestBot.newId();
            long member = TelegramTestBot.newId();
            t.telegram.makeAdmin(group, admin);
            String bot = "@" + FakeTelegramBotApi.DEFAULT_BOT_USERNAME;

            t.telegram.sendText(inGroup(group, member, "/settings" + bot));
            SentMessage menu = t.telegram.awaitMessages(group, 1, WAIT).getFirst();
            assertThat(menu.text()).contains("a conversation per member");
            assertThat(menu.callbackData()).contains("st:g");
            t.telegram.pressButton(group, member, menu.messageId(), "st:g");
            SentMessage choices = t.telegram.awaitMessages(group, 2, WAIT).get(1);
            assertThat(choices.callbackData()).containsExactly("st:g=shared", "st:g=personal", "st:g=default");

            t.telegram.pressButton(group, member, choices.messageId(), "st:g=shared");
            awaitCallbackAnswer(t, "Only this group's admins");
            t.telegram.pressButton(group, admin, choices.messageId(), "st:g=shared");
            awaitCallbackAnswer(t, "one shared conversation");
            assertThat(t.telegram.calls("getChatMember"))
                    .extracting(call -> call.param("user_id"))
                    .containsExactly(Long.toString(member), Long.toString(admin));

            t.telegram.sendText(inGroup(group, member, bot + " I am the member"));
            t.telegram.awaitMessages(group, 3, WAIT);
            await("answered", () -> t.core.activeAnswers().count() == 0, WAIT);
            t.telegram.sendText(inGroup(group, admin, bot + " who spoke before?"));
            t.telegram.awaitMessages(group, 4, WAIT);
            assertThat(t.gateway.awaitRequests(2, WAIT).getLast().messages())
                    .extracting(ReceivedChatRequest.Msg::text)
                    .containsExactly("I am the member", "echo: I am the member", "who spoke before?");
        }
    }

    private static void awaitCallbackAnswer(TelegramTestBot t, String part) {
        await(
                "a button notice with " + part,
                () -> t.telegram.calls("answerCallbackQuery").stream()
                        .anyMatch(call ->
                                call.param("text") != null && call.param("text").contains(part)),
                WAIT);
    }

    @Test
    void refusesUsersOutsideTheAllowlistPolitelyWithoutCallingTheGateway() throws Exception {
        long allowed = TelegramTestBot.newId();
        long stranger = TelegramTestBot.newId();
        try (var t = TelegramTestBot.start(new TelegramTestBot.Options().allowedUsers(allowed + ",1"))) {
            t.telegram.sendText(stranger, stranger, "let me in");
            t.telegram.awaitMessages(stranger, 1, WAIT);
            assertThat(t.telegram.messages(stranger).getFirst().text())
                    .contains("private")
                    .contains(Long.toString(stranger));

            t.telegram.sendText(allowed, allowed, "hello");
            t.telegram.awaitMessages(allowed, 1, WAIT);
            await("answered", () -> t.core.activeAnswers().count() == 0, WAIT);
            assertThat(t.gateway.requests())
                    .extracting(ReceivedChatRequest::lastUserText)
                    .containsExactly("hello");
        }
    }

    @Test
    void answersEveryoneInAnAllowedGroupButNotInOtherGroupsAndNeverBlockedUsers() throws Exception {
        long open = -TelegramTestBot.newId();
        long closed = -TelegramTestBot.newId();
        long stranger = TelegramTestBot.newId();
        long blocked = TelegramTestBot.newId();
        String bot = "@" + FakeTelegramBotApi.DEFAULT_BOT_USERNAME;
        var options = new TelegramTestBot.Options().allowedUsers("1").allowedChats("-42, " + open);
        try (var t = TelegramTestBot.start(options)) {
            assertThat(t.core.access().block(Long.toString(blocked))).isTrue();

            t.telegram.sendText(inGroup(open, stranger, bot + " hello from the open group"));
            t.telegram.sendText(inGroup(closed, stranger, bot + " hello from elsewhere"));
            t.telegram.sendText(inGroup(open, blocked, bot + " me too"));
            t.telegram.sendText(stranger, stranger, "and in private?");
            t.telegram.awaitMessages(open, 2, WAIT);
            t.telegram.awaitMessages(closed, 1, WAIT);
            t.telegram.awaitMessages(stranger, 1, WAIT);
            await("answered", () -> t.core.activeAnswers().count() == 0, WAIT);

            assertThat(t.telegram.messages(open))
                    .extracting(SentMessage::text)
                    .anyMatch(text -> text.equals("echo: hello from the open group"))
                    .anyMatch(text -> text.contains("blocked"));
            assertThat(t.telegram.messages(closed).getFirst().text())
                    .contains("private")
                    .contains(Long.toString(stranger));
            assertThat(t.telegram.messages(stranger).getFirst().text()).contains("private");
            assertThat(t.gateway.requests())
                    .extracting(ReceivedChatRequest::lastUserText)
                    .containsExactly("hello from the open group");
        }
    }

    private static UserText inGroup(long group, long user, String text) {
        return UserText.of(group, user, text).withChatType(UserText.ChatType.SUPERGROUP);
    }
}
