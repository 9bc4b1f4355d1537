package dev.chatbridge.app;

import static dev.chatbridge.testsupport.telegram.FakeTelegramBotApi.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.chatbridge.core.ChatBridgeCore;
import dev.chatbridge.core.text.Language;
import dev.chatbridge.core.text.Text;
import dev.chatbridge.testsupport.common.TestImages;
import dev.chatbridge.testsupport.openai.FakeOpenAiServer;
import dev.chatbridge.testsupport.openai.ReceivedChatRequest;
import dev.chatbridge.testsupport.openai.Reply;
import dev.chatbridge.testsupport.telegram.FakeTelegramBotApi;
import dev.chatbridge.testsupport.telegram.SentMessage;
import dev.chatbridge.testsupport.telegram.UserMedia;
import dev.chatbridge.testsupport.telegram.UserText;
import dev.chatbridge.testsupport.telegram.WebhookDeliveryRecord;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Several application instances in webhook mode against one Redis and one fake Telegram, which
 * spreads its deliveries over them round-robin (a load balancer) and delivers some updates twice.
 */
class ReplicasIT {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String STORY =
            IntStream.range(1, 60).mapToObj(i -> "word" + i).collect(Collectors.joining(" "));

    private FakeTelegramBotApi telegram;
    private FakeOpenAiServer gateway;
    private final List<ConfigurableApplicationContext> instances = new ArrayList<>();

    @BeforeEach
    void startFakes() {
        telegram = new FakeTelegramBotApi(TestApp.TOKEN).privateChatInterval(Duration.ofMillis(300));
        gateway = new FakeOpenAiServer(TestApp.KEY);
    }

    @AfterEach
    void stopAll() {
        instances.forEach(ConfigurableApplicationContext::close);
        telegram.close();
        gateway.close();
    }

    @Test
    void answersEachMessageOnceAndInOrderWhicheverInstanceReceivesIt() {
        startInstances(3, "30s");
        telegram.duplicateWebhookDeliveries(3);
        long chatA = newChat();
        long chatB = newChat();
        for (int i = 1; i <= 5; i++) {
            telegram.sendText(chatA, chatA, "A question " + i);
            telegram.sendText(chatB, chatB, "B question " + i);
        }

        for (long chat : List.of(chatA, chatB)) {
            String prefix = chat == chatA ? "A" : "B";
            await("5 answers in " + prefix, () -> finalTexts(chat).size() >= 5, WAIT);
            assertThat(finalTexts(chat))
                    .containsExactlyElementsOf(IntStream.rangeClosed(1, 5)
                            .mapToObj(i -> "echo: " + prefix + " question " + i)
                            .toList());
            // Each answer saw the turns before it: answered one at a time, in order.
            ReceivedChatRequest last = requestsFor(prefix + " question 5").getFirst();
            assertThat(last.messages())
                    .extracting(ReceivedChatRequest.Msg::text)
                    .containsSubsequence(
                            prefix + " question 1",
                            "echo: " + prefix + " question 1",
                            prefix + " question 4",
                            prefix + " question 5");
        }
        await("duplicates delivered", () -> duplicatesDelivered() > 0, WAIT);
        settle();
        assertThat(finalTexts(chatA)).hasSize(5);
        assertThat(finalTexts(chatB)).hasSize(5);
        for (int i = 1; i <= 5; i++) {
            assertThat(requestsFor("A question " + i))
                    .as("gateway calls for A question " + i)
                    .hasSize(1);
            assertThat(requestsFor("B question " + i))
                    .as("gateway calls for B question " + i)
                    .hasSize(1);
        }
        assertThat(telegram.webhookDeliveries().stream()
                        .map(WebhookDeliveryRecord::target)
                        .distinct())
                .as("deliveries spread over the instances")
                .hasSize(3);
        assertThat(telegram.rateViolations()).isZero();
    }

    @Test
    void anotherInstanceAnswersInFullWhenTheOneStreamingStopsMidAnswer() {
        long chat = newChat();
        ConfigurableApplicationContext streaming = twoInstancesOneTellingALongStory(chat);
        await("part of the story on screen", () -> !telegram.messages(chat).isEmpty(), WAIT);
        streaming.close(); // grace 1 s, far shorter than the story: the answer is handed off

        await("the whole story", () -> finalTexts(chat).contains(STORY), WAIT);
        assertThat(telegram.messages(chat).getFirst().text()).endsWith(Text.HANDED_OFF.in(Language.EN));
        assertThat(requestsFor("Tell me a long story")).hasSize(2);

        telegram.sendText(chat, chat, "Thanks");
        await("the next answer", () -> finalTexts(chat).contains("echo: Thanks"), WAIT);
        assertThat(requestsFor("Thanks").getFirst().messages())
                .extracting(ReceivedChatRequest.Msg::text)
                .as("the story was saved once, in full")
                .containsExactly("Tell me a long story", STORY, "Thanks");
    }

    @Test
    void aPhotoQueuedOnAnInstanceThatStopsReachesTheModelThroughAnother() {
        long chat = newChat();
        ConfigurableApplicationContext streaming = twoInstancesOneTellingALongStory(chat);

        // The photo reaches only the instance that is answering, so it waits in that conversation's queue.
        telegram.webhookTargets(List.of(TestApp.baseUrl(streaming)));
        byte[] photo = TestImages.jpeg("queued-photo", 48);
        int photoUpdate =
                telegram.sendMedia(UserMedia.photo(UserText.of(chat, chat, "what is in this picture?"), photo));
        await(
                "the photo delivered",
                () -> telegram.webhookDeliveries().stream()
                        .anyMatch(delivery -> delivery.updateId() == photoUpdate && delivery.status() == 200),
                WAIT);
        telegram.webhookTargets(instances.stream()
                .filter(instance -> instance != streaming)
                .map(TestApp::baseUrl)
                .toList());
        streaming.close(); // the other instance never saw the photo: it has only the queue item in Redis

        await(
                "the photo answered",
                () -> !requestsFor("what is in this picture?").isEmpty(),
                WAIT);
        assertThat(requestsFor("what is in this picture?")
                        .getFirst()
                        .lastUserMessage()
                        .imageBytes())
                .singleElement()
                .isEqualTo(photo);
    }

    @Test
    void anAlbumWhosePartsReachDifferentInstancesIsAnsweredOnceWithAllItsPhotos() {
        startInstances(2, "30s");
        long chat = newChat();
        List<byte[]> photos = IntStream.rangeClosed(1, 3)
                .mapToObj(i -> TestImages.jpeg("album-" + i, 32))
                .toList();
        List<Integer> parts = new ArrayList<>();
        for (int i = 0; i < photos.size(); i++) {
            UserText message = UserText.of(chat, chat, i == 0 ? "compare these" : "");
            parts.add(telegram.sendMedia(UserMedia.photo(message, photos.get(i)).inAlbum("g" + chat)));
        }

        await("the album answered", () -> finalTexts(chat).size() == 1, WAIT);
        settle();
        assertThat(telegram.webhookDeliveries().stream()
                        .filter(delivery -> parts.contains(delivery.updateId()))
                        .map(WebhookDeliveryRecord::target)
                        .distinct())
                .as("the parts reached both instances")
                .hasSize(2);
        assertThat(requestsFor("compare these"))
                .singleElement()
                .satisfies(request ->
                        assertThat(request.lastUserMessage().imageBytes()).containsExactlyElementsOf(photos));
        assertThat(finalTexts(chat)).hasSize(1);
    }

    @Test
    void aStoppingInstanceRefusesNewUpdatesAndFinishesItsAnswerWithinTheGracePeriod() throws Exception {
        startInstances(2, "30s");
        long chat = newChat();
        gateway.enqueue(Reply.of(STORY).withChunkSize(8).withChunkDelay(Duration.ofMillis(100)));
        telegram.sendText(chat, chat, "Tell me a story");
        ConfigurableApplicationContext streaming = awaitInstanceAnswering();
        // The gateway hands its scripted replies out in arrival order: the story must be streaming
        // before another question can reach it.
        await("part of the story on screen", () -> !telegram.messages(chat).isEmpty(), WAIT);
        assertThat(requestsFor("Tell me a story")).hasSize(1);
        String endpoint = TestApp.baseUrl(streaming) + "/telegram/webhook";

        // Not on the common pool: closing blocks for up to the grace period, and the OpenAI SDK hops
        // through ForkJoinPool.commonPool() before it sends a request (one worker on 2 cores).
        CompletableFuture<Void> stopping = CompletableFuture.runAsync(streaming::close, Thread.ofVirtual()::start);
        await("503 while stopping", () -> statusOf(endpoint) == 503, WAIT);
        long other = newChat();
        telegram.sendText(other, other, "Are you there?");

        await(
                "the next update, through the other instance",
                () -> finalTexts(other).contains("echo: Are you there?"),
                WAIT);
        stopping.get();
        assertThat(finalTexts(chat)).containsExactly(STORY);
        assertThat(telegram.messages(chat))
                .extracting(SentMessage::text)
                .noneMatch(text -> text.contains(Text.HANDED_OFF.in(Language.EN)));
        assertThat(requestsFor("Tell me a story")).hasSize(1);
    }

    /**
     * Two instances with a 1 s grace period, one of them streaming a slow story in {@code chat} (the gateway has
     * it twice: for the first answer and for the one after a hand-off); returns that one.
     */
    private ConfigurableApplicationContext twoInstancesOneTellingALongStory(long chat) {
        startInstances(2, "1s");
        Reply slow = Reply.of(STORY).withChunkSize(8).withChunkDelay(Duration.ofMillis(150));
        gateway.enqueue(slow, slow);
        telegram.sendText(chat, chat, "Tell me a long story");
        return awaitInstanceAnswering();
    }

    private void startInstances(int count, String gracePeriod) {
        for (int i = 0; i < count; i++) {
            instances.add(TestApp.start(
                    telegram,
                    gateway,
                    TelegramWebhookIT.webhookOptions(
                            "--chatbridge.shutdown.grace-period=" + gracePeriod,
                            "--chatbridge.telegram.private-chat-interval=400ms",
                            // Telegram (and the fake) delivers a chat's next update only after the
                            // webhook answered the last one; on a loaded 2-core build a fresh
                            // instance took 2.5 s to answer its first, which split the album.
                            "--chatbridge.telegram.album-wait=4s")));
        }
        telegram.webhookTargets(instances.stream().map(TestApp::baseUrl).toList());
    }

    private ConfigurableApplicationContext awaitInstanceAnswering() {
        await("an instance answering", () -> instances.stream().anyMatch(ReplicasIT::answering), WAIT);
        return instances.stream().filter(ReplicasIT::answering).findFirst().orElseThrow();
    }

    private static boolean answering(ConfigurableApplicationContext instance) {
        return instance.isActive()
                && instance.getBean(ChatBridgeCore.class).activeAnswers().count() > 0;
    }

    private static int statusOf(String endpoint) {
        try {
            return TelegramWebhookIT.post(endpoint, TelegramWebhookIT.SECRET, "{\"update_id\":1}");
        } catch (Exception e) {
            return -1;
        }
    }

    private long duplicatesDelivered() {
        Map<Integer, Long> okByUpdate = telegram.webhookDeliveries().stream()
                .filter(delivery -> delivery.status() == 200)
                .collect(Collectors.groupingBy(WebhookDeliveryRecord::updateId, Collectors.counting()));
        return okByUpdate.values().stream().filter(count -> count > 1).count();
    }

    private List<ReceivedChatRequest> requestsFor(String question) {
        return gateway.requests().stream()
                .filter(request -> request.lastUserText().equals(question))
                .toList();
    }

    private List<String> finalTexts(long chat) {
        return telegram.messages(chat).stream()
                .filter(message -> message.parseMode() != null)
                .map(SentMessage::text)
                .toList();
    }

    private static long newChat() {
        return ThreadLocalRandom.current().nextLong(1, Integer.MAX_VALUE);
    }

    /** Lets late duplicates and retries arrive before counting. */
    private static void settle() {
        try {
            Thread.sleep(1500);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
