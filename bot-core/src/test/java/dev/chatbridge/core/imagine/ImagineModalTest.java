package dev.chatbridge.core.imagine;

import static dev.chatbridge.core.imagine.ScriptedMidjourneyProxy.submitted;
import static org.assertj.core.api.Assertions.assertThat;

import dev.chatbridge.core.InMemoryStorage;
import dev.chatbridge.core.delivery.Button;
import dev.chatbridge.core.delivery.ChannelDirectory;
import dev.chatbridge.core.delivery.ChannelLimits;
import dev.chatbridge.core.delivery.ChatChannel;
import dev.chatbridge.core.delivery.DeliveryException;
import dev.chatbridge.core.delivery.InMemoryChannel;
import dev.chatbridge.core.delivery.MessageRef;
import dev.chatbridge.core.delivery.OutgoingText;
import dev.chatbridge.core.message.ButtonPress;
import dev.chatbridge.core.message.PromptReply;
import dev.chatbridge.core.message.UserMessage;
import dev.chatbridge.core.observe.BridgeMetrics;
import dev.chatbridge.core.quota.Quotas;
import dev.chatbridge.core.text.Language;
import dev.chatbridge.core.text.Text;
import dev.chatbridge.testsupport.common.Await;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Actions whose task waits in MODAL ask the presser for the prompt (or the mask) instead of sending the old one. */
class ImagineModalTest {

    private static final Language EN = Language.EN;
    private static final String PROMPT = "a red fox in snow";
    private static final List<TaskButton> GRID = List.of(
            new TaskButton("MJ::JOB::upsample::1::f0x", "U1", ""),
            new TaskButton("MJ::JOB::variation::1::f0x", "V1", ""));
    private static final List<TaskButton> UPSCALED = List.of(
            new TaskButton("MJ::CustomZoom::f0x", "Custom Zoom", "🔍"),
            new TaskButton("MJ::Inpaint::1::f0x::SOLO", "Vary (Region)", "🖌️"));

    private final InMemoryStorage storage = new InMemoryStorage();
    private final InMemoryImagineJobStore jobs = storage.imagineJobs();
    private final ModalAsks asks = storage.modalAsks();
    private final ScriptedMidjourneyProxy proxy = new ScriptedMidjourneyProxy();
    private final InMemoryChannel chat = new InMemoryChannel("tg", "chat-1");
    /** A chat that asks by reply, as Telegram does. */
    private final ReplyChannel replies = new ReplyChannel(chat);

    private final List<RegionEditor.RegionRequest> regionRequests = new CopyOnWriteArrayList<>();
    private final ExecutorService background = Executors.newVirtualThreadPerTaskExecutor();
    private ImagineService imagine = service(ImagineSettings.defaults(null), RegionEditor.none(), chat);

    @AfterEach
    void stopBackgroundWork() {
        background.shutdownNow();
    }

    @Test
    void aRemixWaitsForTheNewPromptInsteadOfSendingTheOldOne() throws Exception {
        Button v1 = button(finishedGrid("task-1"), "V1");
        proxy.thenSubmit(modal("task-2"));

        imagine.press(press("p1", v1), chat, EN);
        finishBackgroundWork();

        assertThat(proxy.modals()).isEmpty();
        InMemoryChannel.Shown ask = chat.messages().getLast();
        assertThat(ask.text().text()).isEqualTo(Text.IMAGINE_ASK_REMIX_BUTTONS.in(EN, PROMPT, 10));
        assertThat(ask.buttons().getFirst())
                .extracting(Button::text)
                .containsExactly(
                        Text.IMAGINE_ASK_EDIT.in(EN), Text.IMAGINE_ASK_KEEP.in(EN), Text.IMAGINE_ASK_CANCEL.in(EN));
        assertThat(AskKeys.opensForm(ask.buttons().getFirst().getFirst().key())).isTrue();
        assertThat(jobs.find("task-2"))
                .hasValueSatisfying(job -> assertThat(job.modalSubmitted()).isFalse());
    }

    @Test
    void aReplyToTheAskSendsTheNewPromptAndTheJobIsWatchedWithIt() throws Exception {
        imagine = service(ImagineSettings.defaults(null), RegionEditor.none(), replies);
        Button v1 = button(finishedGrid("task-1"), "V1");
        proxy.thenSubmit(modal("task-2")).thenSubmit(submitted("task-2"));
        proxy.knows(modalTask("task-2", "VARIATION", PROMPT + " --v 6"));
        imagine.press(press("p1", v1), replies, EN);
        awaitAsk();
        MessageRef asked = replies.asked.getFirst();
        assertThat(chat.texts()).contains(Text.IMAGINE_ASK_REMIX.in(EN, PROMPT + " --v 6", 10));

        PromptReply reply = reply(asked.id(), "a blue fox in snow", "ada");
        assertThat(imagine.answers(reply)).isTrue();
        Optional<String> notice = imagine.answer(reply, replies, EN);
        finishBackgroundWork();

        assertThat(notice).contains("");
        assertThat(replies.placeholders).containsExactly(Text.IMAGINE_ASK_PLACEHOLDER.in(EN));
        assertThat(proxy.modals())
                .containsExactly(new ScriptedMidjourneyProxy.Modal("task-2", "a blue fox in snow", null));
        assertThat(jobs.find("task-2")).hasValueSatisfying(job -> {
            assertThat(job.modalSubmitted()).isTrue();
            assertThat(job.prompt()).isEqualTo("a blue fox in snow");
        });
        assertThat(chat.texts()).contains(Text.IMAGINE_ASK_TAKEN.in(EN, "a blue fox in snow"));
        // Once answered, a watcher seeing MODAL again (the proxy is slow to move) does not ask again.
        assertThat(imagine.advance(
                        jobs.find("task-2").orElseThrow(), Optional.of(modalTask("task-2", "VARIATION", PROMPT))))
                .isFalse();
        assertThat(replies.asked).hasSize(1);
    }

    @Test
    void aReplyToAnOrdinaryMessageOfTheBotIsNoAnswer() {
        PromptReply reply = reply("42", "what about this?", "ada");

        assertThat(imagine.answers(reply)).isFalse();
        assertThat(imagine.answer(reply, replies, EN)).isEmpty();
    }

    @Test
    void aDotKeepsTheOfferedPromptAndCancelDropsTheJob() throws Exception {
        imagine = service(ImagineSettings.defaults(null), RegionEditor.none(), replies);
        Button v1 = button(finishedGrid("task-1"), "V1");
        proxy.thenSubmit(modal("task-2")).thenSubmit(submitted("task-2"));
        imagine.press(press("p1", v1), replies, EN);
        awaitAsk();

        imagine.answer(reply(replies.asked.getFirst().id(), " . ", "ada"), replies, EN);
        finishBackgroundWork();

        assertThat(proxy.modals()).containsExactly(new ScriptedMidjourneyProxy.Modal("task-2", PROMPT, null));
    }

    @Test
    void cancelEndsTheJobWithoutTheProxy() throws Exception {
        imagine = service(ImagineSettings.defaults(null), RegionEditor.none(), replies);
        Button v1 = button(finishedGrid("task-1"), "V1");
        proxy.thenSubmit(modal("task-2"));
        imagine.press(press("p1", v1), replies, EN);
        awaitAsk();

        imagine.answer(reply(replies.asked.getFirst().id(), "/cancel", "ada"), replies, EN);
        finishBackgroundWork();

        assertThat(proxy.modals()).isEmpty();
        assertThat(jobs.find("task-2")).isEmpty();
        assertThat(chat.texts()).contains(Text.IMAGINE_ASK_CANCELLED.in(EN));
    }

    @Test
    void theKeepAndCancelButtonsAnswerTheAskOnce() throws Exception {
        Button v1 = button(finishedGrid("task-1"), "V1");
        proxy.thenSubmit(modal("task-2")).thenSubmit(submitted("task-2"));
        imagine.press(press("p1", v1), chat, EN);
        awaitAsk();
        InMemoryChannel.Shown ask = chat.messages().getLast();
        Button keep = ask.buttons().getFirst().get(1);
        Button cancel = ask.buttons().getFirst().get(2);

        assertThat(imagine.press(new ButtonPress("tg", "p2", "chat-1", "bob", "en", keep.key(), ask.id()), chat, EN))
                .isEqualTo(Text.IMAGINE_ASK_FOREIGN.in(EN));
        assertThat(imagine.press(new ButtonPress("tg", "p3", "chat-1", "ada", "en", keep.key(), ask.id()), chat, EN))
                .isEqualTo(Text.BUTTON_WORKING.in(EN));
        await(() -> !proxy.modals().isEmpty());
        imagine.press(new ButtonPress("tg", "p4", "chat-1", "ada", "en", cancel.key(), ask.id()), chat, EN);
        finishBackgroundWork();

        assertThat(proxy.modals()).containsExactly(new ScriptedMidjourneyProxy.Modal("task-2", PROMPT, null));
        assertThat(jobs.find("task-2")).isPresent();
        assertThat(chat.texts()).contains(Text.IMAGINE_ASK_DONE.in(EN));
    }

    @Test
    void anAnswerAfterTheTimeoutIsToldAndTheWatcherEndsTheJob() throws Exception {
        imagine = service(
                ImagineSettings.defaults(null).withAskTimeout(Duration.ofMillis(50)), RegionEditor.none(), replies);
        Button v1 = button(finishedGrid("task-1"), "V1");
        proxy.thenSubmit(modal("task-2"));
        imagine.press(press("p1", v1), replies, EN);
        awaitAsk();
        long expiry = asks.find("task-2").orElseThrow().expiresAtMillis();
        await(() -> System.currentTimeMillis() > expiry);

        Optional<String> late = imagine.answer(reply(replies.asked.getFirst().id(), "too late", "ada"), replies, EN);
        boolean over = imagine.advance(
                jobs.find("task-2").orElseThrow(), Optional.of(modalTask("task-2", "VARIATION", PROMPT)));

        assertThat(late).contains(Text.IMAGINE_ASK_EXPIRED.in(EN));
        assertThat(over).isTrue();
        assertThat(jobs.find("task-2")).isEmpty();
        assertThat(chat.texts()).contains(Text.IMAGINE_ASK_TIMED_OUT.in(EN, 1));
        assertThat(proxy.modals()).isEmpty();
        assertThat(imagine.completeModal("task-2", "ada", "still", null)).isEqualTo(ModalOutcome.EXPIRED);
    }

    @Test
    void customZoomChecksTheFactorBeforeSendingIt() throws Exception {
        imagine = service(ImagineSettings.defaults(null), RegionEditor.none(), replies);
        Button zoom = button(finishedUpscale("task-1"), "🔍 Custom Zoom");
        proxy.thenSubmit(modal("task-2")).thenSubmit(submitted("task-2"));
        imagine.press(press("p1", zoom), replies, EN);
        awaitAsk();
        String asked = replies.asked.getFirst().id();
        assertThat(chat.texts()).contains(Text.IMAGINE_ASK_ZOOM.in(EN, PROMPT + " --zoom 2", 10));

        Optional<String> tooFar = imagine.answer(reply(asked, PROMPT + " --zoom 3", "ada"), replies, EN);
        Optional<String> none = imagine.answer(reply(asked, PROMPT, "ada"), replies, EN);
        imagine.answer(reply(asked, PROMPT + " --zoom 1.5", "ada"), replies, EN);
        finishBackgroundWork();

        assertThat(tooFar).contains(Text.IMAGINE_ZOOM_INVALID.in(EN, "3"));
        assertThat(none).contains(Text.IMAGINE_ZOOM_MISSING.in(EN));
        assertThat(proxy.modals())
                .containsExactly(new ScriptedMidjourneyProxy.Modal("task-2", PROMPT + " --zoom 1.5", null));
    }

    @Test
    void completeModalIsForTheAskedUserAndOnlyOnce() throws Exception {
        Button v1 = button(finishedGrid("task-1"), "V1");
        proxy.thenSubmit(modal("task-2")).thenSubmit(submitted("task-2"));
        imagine.press(press("p1", v1), chat, EN);
        awaitAsk();

        assertThat(imagine.completeModal("task-2", "bob", "mine now", null)).isEqualTo(ModalOutcome.FOREIGN);
        assertThat(imagine.completeModal("task-2", "ada", "a fox", "data:image/png;base64,AAAA"))
                .isEqualTo(ModalOutcome.SUBMITTED);
        assertThat(imagine.completeModal("task-2", "ada", "again", null)).isEqualTo(ModalOutcome.ALREADY_DONE);
        assertThat(imagine.completeModal("task-404", "ada", "what", null)).isEqualTo(ModalOutcome.EXPIRED);
        assertThat(proxy.modals())
                .containsExactly(new ScriptedMidjourneyProxy.Modal("task-2", "a fox", "data:image/png;base64,AAAA"));
    }

    @Test
    void aRefusedAnswerCanBeGivenAgain() throws Exception {
        Button v1 = button(finishedGrid("task-1"), "V1");
        proxy.thenSubmit(modal("task-2"))
                .thenSubmit(new SubmitResult(4, "Invalid parameter", null, null, null))
                .thenSubmit(submitted("task-2"));
        imagine.press(press("p1", v1), chat, EN);
        awaitAsk();

        assertThat(imagine.completeModal("task-2", "ada", "a fox --ar 99", null))
                .isEqualTo(ModalOutcome.FAILED);
        assertThat(imagine.completeModal("task-2", "ada", "a fox", null)).isEqualTo(ModalOutcome.SUBMITTED);
    }

    @Test
    void aProxyThatSaysSubmittedForARemixStillGetsItsPromptAsked() throws Exception {
        ImagineJob job = startJob("task-1");

        boolean over = imagine.advance(job, Optional.of(modalTask("task-1", "VARIATION", "a translated fox")));

        assertThat(over).isFalse();
        assertThat(chat.texts()).contains(Text.IMAGINE_ASK_REMIX_BUTTONS.in(EN, "a translated fox", 10));
        assertThat(asks.find("task-1"))
                .hasValueSatisfying(ask -> assertThat(ask.kind()).isEqualTo(ModalKind.REMIX));
        assertThat(proxy.modals()).isEmpty();
    }

    @Test
    void varyRegionWithoutAPageSaysWhyAndEndsTheJob() throws Exception {
        Button region = button(finishedUpscale("task-1"), "🖌️ Vary (Region)");
        proxy.thenSubmit(modal("task-2"));

        imagine.press(press("p1", region), chat, EN);
        finishBackgroundWork();

        assertThat(chat.texts()).contains(Text.IMAGINE_REGION_UNAVAILABLE.in(EN));
        assertThat(jobs.find("task-2")).isEmpty();
        assertThat(proxy.modals()).isEmpty();
    }

    @Test
    void varyRegionSendsTheEditorsLinkForTheUpscaledPicture() throws Exception {
        RegionEditor editor = request -> {
            regionRequests.add(request);
            return Optional.of(new RegionEditor.RegionLink("https://bot.example/region/" + request.taskId(), true));
        };
        imagine = service(ImagineSettings.defaults(null), editor, replies);
        Button region = button(finishedUpscale("task-1"), "🖌️ Vary (Region)");
        proxy.thenSubmit(modal("task-2")).thenSubmit(submitted("task-2"));
        proxy.knows(new Task(
                "task-1", "UPSCALE", Task.Status.SUCCESS, 100, "https://cdn.example/up.png", null, PROMPT, UPSCALED));

        imagine.press(press("p1", region), replies, EN);
        await(() -> !replies.links.isEmpty());

        assertThat(replies.links).containsExactly("https://bot.example/region/task-2 webApp=true");
        assertThat(regionRequests)
                .containsExactly(new RegionEditor.RegionRequest(
                        "task-2", "tg", "chat-1", "ada", "https://cdn.example/up.png", PROMPT));
        assertThat(imagine.completeModal("task-2", "ada", "a hat", "data:image/png;base64,AAAA"))
                .isEqualTo(ModalOutcome.SUBMITTED);
        assertThat(proxy.modals())
                .containsExactly(new ScriptedMidjourneyProxy.Modal("task-2", "a hat", "data:image/png;base64,AAAA"));
    }

    @Test
    void customZoomOpensAFormFirstAndItsAnswerPressesAndCompletesAtOnce() throws Exception {
        Button zoom = button(finishedUpscale("task-1"), "🔍 Custom Zoom");
        assertThat(AskKeys.opensForm(zoom.key())).isTrue();
        proxy.thenSubmit(modal("task-2")).thenSubmit(submitted("task-2"));

        FormOpening foreign = imagine.form(new ButtonPress("dc", "i1", "chat-1", "bob", "en", zoom.key(), "9"), EN);
        FormOpening opening = imagine.form(press("i2", zoom), EN);
        PromptForm form = opening.form();
        Optional<String> notice =
                imagine.answer(new PromptReply(message("i3", PROMPT + " --zoom 1.2", "ada"), form.formId()), chat, EN);
        finishBackgroundWork();

        assertThat(foreign.form()).isNull();
        assertThat(foreign.notice()).isEqualTo(Text.BUTTON_FOREIGN.in(EN));
        assertThat(form.value()).isEqualTo(PROMPT + " --zoom 2");
        assertThat(form.title()).isEqualTo(Text.IMAGINE_ASK_FORM_ZOOM.in(EN));
        assertThat(notice).contains(Text.BUTTON_WORKING.in(EN));
        assertThat(proxy.actions())
                .extracting(ScriptedMidjourneyProxy.Action::customId)
                .last()
                .isEqualTo("MJ::CustomZoom::f0x");
        assertThat(proxy.modals())
                .containsExactly(new ScriptedMidjourneyProxy.Modal("task-2", PROMPT + " --zoom 1.2", null));
        assertThat(jobs.find("task-2")).hasValueSatisfying(job -> {
            assertThat(job.modalSubmitted()).isTrue();
            assertThat(job.replyToMessageId()).isEqualTo("1"); // the picture the button was under
        });
    }

    @Test
    void theEditButtonOpensAFormWithTheOfferedPromptWhoseAnswerCompletesTheTask() throws Exception {
        Button v1 = button(finishedGrid("task-1"), "V1");
        proxy.thenSubmit(modal("task-2")).thenSubmit(submitted("task-2"));
        imagine.press(press("p1", v1), chat, EN);
        awaitAsk();
        Button edit = chat.messages().getLast().buttons().getFirst().getFirst();

        PromptForm form = imagine.form(press("i1", edit), EN).form();
        imagine.answer(new PromptReply(message("i2", "a fox at night", "ada"), form.formId()), chat, EN);
        finishBackgroundWork();

        assertThat(form.value()).isEqualTo(PROMPT);
        assertThat(form.formId()).hasSizeLessThanOrEqualTo(100);
        assertThat(proxy.modals()).containsExactly(new ScriptedMidjourneyProxy.Modal("task-2", "a fox at night", null));
    }

    private ImagineService service(ImagineSettings settings, RegionEditor regions, ChatChannel shown) {
        ChannelDirectory directory = new ChannelDirectory();
        directory.register("tg", address -> shown);
        return new ImagineService(
                proxy,
                jobs,
                storage.buttonKeys(settings.buttonLifetime()),
                directory,
                storage.pacer(),
                settings,
                background,
                Quotas.unlimited(),
                BridgeMetrics.none(),
                asks,
                regions);
    }

    private static SubmitResult modal(String taskId) {
        return new SubmitResult(21, "Waiting for window confirm", taskId, null, null);
    }

    private static Task modalTask(String id, String action, String finalPrompt) {
        return new Task(id, action, Task.Status.MODAL, 0, null, null, PROMPT, List.of(), finalPrompt);
    }

    private ImagineJob startJob(String taskId) throws InterruptedException {
        proxy.thenSubmit(submitted(taskId));
        imagine.imagine("tg", "chat-1", "ada", PROMPT, chat, EN);
        return jobs.find(taskId).orElseThrow();
    }

    private InMemoryChannel.Shown finishedGrid(String taskId) throws InterruptedException {
        imagine.advance(
                startJob(taskId),
                Optional.of(new Task(
                        taskId, "IMAGINE", Task.Status.SUCCESS, 100, "https://cdn.example/g.png", null, PROMPT, GRID)));
        return chat.messages().getLast();
    }

    private InMemoryChannel.Shown finishedUpscale(String taskId) throws InterruptedException {
        imagine.advance(
                startJob(taskId),
                Optional.of(new Task(
                        taskId,
                        "UPSCALE",
                        Task.Status.SUCCESS,
                        100,
                        "https://cdn.example/up.png",
                        null,
                        PROMPT,
                        UPSCALED)));
        return chat.messages().getLast();
    }

    private static Button button(InMemoryChannel.Shown picture, String face) {
        return picture.buttons().stream()
                .flatMap(List::stream)
                .filter(button -> button.text().equals(face))
                .findFirst()
                .orElseThrow();
    }

    private ButtonPress press(String eventId, Button button) {
        return new ButtonPress("tg", eventId, "chat-1", "ada", "en", button.key(), "1");
    }

    private static UserMessage message(String eventId, String text, String userId) {
        return new UserMessage("tg", eventId, "chat-1", UserMessage.ChatKind.PRIVATE, userId, "Ada", "en", text);
    }

    private static PromptReply reply(String askMessageId, String text, String userId) {
        return new PromptReply(message("r-" + text.hashCode(), text, userId), PromptReply.toMessage(askMessageId));
    }

    private void awaitAsk() {
        // The progress message says so once the ask is out (and linked to its message).
        String waiting = Text.IMAGINE_ASK_WAITING.in(EN, "");
        await(() -> chat.texts().stream().anyMatch(text -> text.startsWith(waiting)));
    }

    private static void await(java.util.function.BooleanSupplier condition) {
        Await.until(condition, Duration.ofSeconds(10), () -> "a condition on the imagine flow");
    }

    private void finishBackgroundWork() throws InterruptedException {
        background.shutdown();
        assertThat(background.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    }

    /** Telegram's way of asking: the question opens the reply field; links may be Web App buttons. */
    private static final class ReplyChannel implements ChatChannel {
        private final InMemoryChannel chat;
        final List<MessageRef> asked = new CopyOnWriteArrayList<>();
        final List<String> placeholders = new ArrayList<>();
        final List<String> links = new CopyOnWriteArrayList<>();

        ReplyChannel(InMemoryChannel chat) {
            this.chat = chat;
        }

        @Override
        public ChannelLimits limits() {
            return chat.limits();
        }

        @Override
        public String pacingKey() {
            return chat.pacingKey();
        }

        @Override
        public MessageRef send(OutgoingText text) {
            return chat.send(text);
        }

        @Override
        public void edit(MessageRef message, OutgoingText text) throws DeliveryException {
            chat.edit(message, text);
        }

        @Override
        public void typing() {}

        @Override
        public MessageRef sendImage(dev.chatbridge.core.delivery.OutgoingImage image) {
            return chat.sendImage(image);
        }

        @Override
        public boolean asksByReply() {
            return true;
        }

        @Override
        public synchronized MessageRef sendAsk(OutgoingText text, String placeholder) {
            placeholders.add(placeholder);
            MessageRef sent = chat.send(text);
            asked.add(sent);
            return sent;
        }

        @Override
        public MessageRef sendLink(OutgoingText text, String label, String url, boolean webApp) {
            MessageRef sent = chat.send(text);
            links.add(url + " webApp=" + webApp);
            return sent;
        }
    }
}
