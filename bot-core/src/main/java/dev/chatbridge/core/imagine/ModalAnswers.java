package dev.chatbridge.core.imagine;

import dev.chatbridge.core.delivery.ChatChannel;
import dev.chatbridge.core.delivery.ChatPacer;
import dev.chatbridge.core.delivery.DeliveryException;
import dev.chatbridge.core.delivery.MessageRef;
import dev.chatbridge.core.delivery.OutgoingText;
import dev.chatbridge.core.message.ButtonPress;
import dev.chatbridge.core.message.PromptReply;
import dev.chatbridge.core.message.UserMessage;
import dev.chatbridge.core.text.Language;
import dev.chatbridge.core.text.Text;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The user's side of an ask: the form a button opens (Discord), a reply or a submitted form as the answer, and the
 * ask's own Keep and Cancel buttons. Decides at once what it can (whose ask, expired, a valid zoom factor) and sends
 * the answer to the proxy in the background through {@link ModalInput}.
 */
final class ModalAnswers {

    private static final Logger log = LoggerFactory.getLogger(ModalAnswers.class);
    /** Joins a pressed button's key and the message it was under in the id of its form. */
    private static final String PRESSED_UNDER = "@";

    /** Presses a task button with the prompt its form gave (Custom Zoom on Discord). */
    @FunctionalInterface
    interface TaskPress {
        String press(ButtonPress press, ChatChannel channel, Language language, @Nullable String prompt);
    }

    private final ModalInput input;
    private final ButtonKeys keys;
    private final ChatPacer pacer;
    private final ExecutorService executor;
    private final TaskPress taskPress;

    ModalAnswers(ModalInput input, ButtonKeys keys, ChatPacer pacer, ExecutorService executor, TaskPress taskPress) {
        this.input = input;
        this.keys = keys;
        this.pacer = pacer;
        this.executor = executor;
        this.taskPress = taskPress;
    }

    /**
     * The form a button opens on platforms that show one as the press's first answer (see {@link
     * AskKeys#opensForm}): Custom Zoom's prompt, or the new prompt of an ask. Reads shared storage once, touches no
     * proxy. Empty with a notice when the user cannot answer (expired, someone else's).
     */
    FormOpening form(ButtonPress press, Language language) {
        String key = press.key();
        if (key.startsWith(AskKeys.PRESS_FORM)) {
            Optional<ButtonKeys.Target> target = keys.resolve(AskKeys.storedKey(key));
            if (target.isEmpty()) {
                return FormOpening.refused(Text.BUTTON_EXPIRED.in(language));
            }
            if (!target.get().ownerUserId().equals(press.userId())) {
                return FormOpening.refused(Text.BUTTON_FOREIGN.in(language));
            }
            // The form's id names the message the button was under: the drawing answers that message.
            return FormOpening.of(formFor(
                    key + PRESSED_UNDER + press.messageId(),
                    ModalKind.ofCustomId(target.get().customId()),
                    target.get().prompt(),
                    language));
        }
        Optional<ModalAsk> ask = input.taskOfAsk(AskKeys.askId(key)).flatMap(input::find);
        Optional<ModalOutcome> refused = ModalInput.refusal(ask, press.userId());
        if (refused.isPresent()) {
            return FormOpening.refused(ModalInput.explain(new ModalInput.Completion(refused.get(), ""), language));
        }
        return FormOpening.of(formFor(
                AskKeys.FORM + ask.get().askId(), ask.get().kind(), ask.get().prompt(), language));
    }

    private static PromptForm formFor(String formId, ModalKind kind, String prompt, Language language) {
        boolean zoom = kind == ModalKind.ZOOM;
        return new PromptForm(
                formId,
                (zoom ? Text.IMAGINE_ASK_FORM_ZOOM : Text.IMAGINE_ASK_FORM_REMIX).in(language),
                (zoom ? Text.IMAGINE_ASK_FORM_ZOOM_LABEL : Text.IMAGINE_ASK_FORM_LABEL).in(language),
                zoom ? ZoomFactor.withFactor(prompt) : prompt);
    }

    /** True when the message answers an ask: a reply to an ask's message, or a form's submission. */
    boolean answers(PromptReply reply) {
        String replied = reply.repliedMessageId();
        if (replied == null) {
            return true;
        }
        UserMessage message = reply.message();
        return input.taskOfMessage(message.platform(), message.chatId(), replied)
                .isPresent();
    }

    /**
     * A message that may answer an ask: a reply to the ask's message, or a submitted form. Empty when it answers no
     * ask (a reply to an ordinary message of the bot), so the caller handles it as a message; else the notice for the
     * user (empty when there is nothing to say yet: the outcome shows in the chat).
     */
    Optional<String> answer(PromptReply reply, ChatChannel channel, Language language) {
        UserMessage message = reply.message();
        String replied = reply.repliedMessageId();
        Optional<String> taskId;
        if (replied != null) {
            taskId = input.taskOfMessage(message.platform(), message.chatId(), replied);
            if (taskId.isEmpty()) {
                return Optional.empty();
            }
        } else if (reply.target().startsWith(AskKeys.PRESS_FORM)) {
            int under = reply.target().indexOf(PRESSED_UNDER);
            ButtonPress press = new ButtonPress(
                    message.platform(),
                    message.eventId(),
                    message.chatId(),
                    message.userId(),
                    message.languageCode(),
                    under < 0 ? reply.target() : reply.target().substring(0, under),
                    under < 0 ? "" : reply.target().substring(under + PRESSED_UNDER.length()),
                    message.places());
            return Optional.of(
                    taskPress.press(press, channel, language, message.text().strip()));
        } else if (reply.target().startsWith(AskKeys.FORM)) {
            taskId = input.taskOfAsk(AskKeys.askId(reply.target()));
        } else {
            return Optional.of(Text.BUTTON_EXPIRED.in(language));
        }
        Optional<ModalAsk> ask = taskId.flatMap(input::find);
        Optional<ModalOutcome> refused = ModalInput.refusal(ask, message.userId());
        if (refused.isPresent()) {
            return Optional.of(ModalInput.explain(new ModalInput.Completion(refused.get(), ""), language));
        }
        String text = message.text().strip();
        String id = ask.get().taskId();
        if (text.equals("/cancel") || text.startsWith("/cancel@")) {
            executor.submit(() -> cancelAsk(id, message.userId(), channel, language));
            return Optional.of("");
        }
        String prompt = text.equals(".") ? ask.get().prompt() : text;
        Optional<String> problem = ModalInput.problem(ask.get(), prompt, language);
        if (problem.isPresent()) {
            return problem;
        }
        executor.submit(() -> answerAsk(id, message.userId(), prompt, channel, language, replied));
        return Optional.of(replied == null ? Text.BUTTON_WORKING.in(language) : "");
    }

    /** A press of an ask's own buttons: keep the prompt, or cancel. */
    String pressAsk(ButtonPress press, ChatChannel channel, Language language) {
        Optional<ModalAsk> ask = input.taskOfAsk(AskKeys.askId(press.key())).flatMap(input::find);
        Optional<ModalOutcome> refused = ModalInput.refusal(ask, press.userId());
        if (refused.isPresent()) {
            return ModalInput.explain(new ModalInput.Completion(refused.get(), ""), language);
        }
        String taskId = ask.get().taskId();
        if (press.key().startsWith(AskKeys.CANCEL)) {
            executor.submit(() -> cancelAsk(taskId, press.userId(), channel, language));
        } else if (press.key().startsWith(AskKeys.KEEP)) {
            String prompt = ask.get().prompt();
            executor.submit(() -> answerAsk(taskId, press.userId(), prompt, channel, language, press.messageId()));
        } else {
            // "Edit prompt" where the platform shows no form: asking by reply is that platform's way.
            return Text.IMAGINE_ASK_PLACEHOLDER.in(language);
        }
        return Text.BUTTON_WORKING.in(language);
    }

    private void answerAsk(
            String taskId,
            String userId,
            String prompt,
            ChatChannel channel,
            Language language,
            @Nullable String askMessageId) {
        try {
            ModalInput.Completion done = input.complete(taskId, userId, prompt, null);
            if (done.outcome() == ModalOutcome.SUBMITTED && askMessageId != null && !askMessageId.isEmpty()) {
                // The question becomes its answer: what was sent shows where it was asked, without buttons.
                OutgoingText taken =
                        OutgoingText.plain(Text.IMAGINE_ASK_TAKEN.in(language, ImagineTexts.shorten(prompt, 1000)));
                try {
                    pacer.awaitTurn(channel.pacingKey(), channel.limits().minCallInterval());
                    MessageRef asked = new MessageRef(askMessageId);
                    if (channel.asksByReply()) {
                        channel.edit(asked, taken); // a ForceReply question has no keyboard to take away
                    } else {
                        channel.editWithButtons(asked, taken, List.of());
                    }
                } catch (DeliveryException e) {
                    log.debug("Could not mark the ask as answered: {}", e.getMessage());
                }
            }
            input.say(channel, ModalInput.explain(done, language));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            log.error("Answering the ask of task {} failed", taskId, e);
        }
    }

    private void cancelAsk(String taskId, String userId, ChatChannel channel, Language language) {
        try {
            ModalOutcome outcome = input.cancel(taskId, userId);
            if (outcome != ModalOutcome.SUBMITTED) {
                input.say(channel, ModalInput.explain(new ModalInput.Completion(outcome, ""), language));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            log.error("Cancelling the ask of task {} failed", taskId, e);
        }
    }
}
