package dev.chatbridge.telegram;

import static dev.chatbridge.testsupport.telegram.FakeTelegramBotApi.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.chatbridge.testsupport.openai.ReceivedChatRequest;
import dev.chatbridge.testsupport.telegram.ApiCall;
import dev.chatbridge.testsupport.telegram.FakeTelegramBotApi;
import dev.chatbridge.testsupport.telegram.SentMessage;
import dev.chatbridge.testsupport.telegram.UserText;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Forum supergroups: each topic is its own conversation, and its answers land in it. */
class TelegramForumTopicsIT {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final String BOT = "@" + FakeTelegramBotApi.DEFAULT_BOT_USERNAME;

    @Test
    void keepsOneConversationPerTopicAndAnswersEachInItsTopic() throws Exception {
        long forum = -TelegramTestBot.newId();
        long ada = TelegramTestBot.newId();
        // Ada is not on the user allowlist: the allowed group opens all its topics to her.
        var options = new TelegramTestBot.Options().allowedUsers("1").allowedChats(Long.toString(forum));
        try (var t = TelegramTestBot.start(options)) {
            t.telegram.openForum(forum, 11, 22);

            ask(t, UserText.of(forum, ada, BOT + " I am Ada").inTopic(11), 1);
            ask(t, UserText.of(forum, ada, BOT + " who am I?").inTopic(22), 2);
            ask(t, UserText.of(forum, ada, BOT + " remember me?").inTopic(11), 3);
            ask(t, UserText.of(forum, ada, BOT + " and here in General?"), 4);

            var requests = t.gateway.awaitRequests(4, WAIT);
            assertThat(requests.get(1).messages())
                    .extracting(ReceivedChatRequest.Msg::text)
                    .containsExactly("who am I?");
            assertThat(requests.get(2).messages())
                    .extracting(ReceivedChatRequest.Msg::text)
                    .containsExactly("I am Ada", "echo: I am Ada", "remember me?");
            assertThat(requests.get(3).messages())
                    .extracting(ReceivedChatRequest.Msg::text)
                    .containsExactly("and here in General?");

            Map<String, String> topicOf = t.telegram.messages(forum).stream()
                    .collect(Collectors.toMap(SentMessage::text, m -> String.valueOf(m.threadId())));
            assertThat(topicOf)
                    .containsEntry("echo: I am Ada", "11")
                    .containsEntry("echo: who am I?", "22")
                    .containsEntry("echo: remember me?", "11")
                    .containsEntry("echo: and here in General?", "null");
            // The bot names the topic itself on every send (not only through the reply), and never General's id.
            assertThat(t.telegram.calls("sendMessage"))
                    .allMatch(ApiCall::succeeded)
                    .extracting(call -> call.param("message_thread_id"))
                    .containsExactly("11", "22", "11", null);
            assertThat(t.telegram.calls("sendChatAction"))
                    .allMatch(ApiCall::succeeded)
                    .extracting(call -> call.param("message_thread_id"))
                    .containsOnly("11", "22", null);
            // Edits address the message, which stays in its topic. The final edit of an answer whose plain interim
            // text already equals its rendering gets "message is not modified", which the bot counts as done.
            for (ApiCall edit : t.telegram.calls("editMessageText")) {
                if (!edit.succeeded() && Long.toString(forum).equals(edit.param("chat_id"))) {
                    assertThat(edit.errorDescription())
                            .as(
                                    "a refused edit of message %s in chat %s; the chat holds %s",
                                    edit.param("message_id"), edit.param("chat_id"), t.telegram.messages(forum))
                            .startsWith("Bad Request: message is not modified");
                }
            }
            assertThat(t.telegram.rateViolations(forum)).isZero();
        }
    }

    private static void ask(TelegramTestBot t, UserText question, int answers) {
        t.telegram.sendText(question);
        t.telegram.awaitMessages(question.chatId(), answers, WAIT);
        await("answered", () -> t.core.activeAnswers().count() == 0, WAIT);
    }
}
