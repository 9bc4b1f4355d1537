package dev.chatbridge.telegram;

import dev.chatbridge.core.command.Commands;
import dev.chatbridge.core.text.Language;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.telegram.telegrambots.meta.api.methods.commands.DeleteMyCommands;
import org.telegram.telegrambots.meta.api.methods.commands.SetMyCommands;
import org.telegram.telegrambots.meta.api.objects.commands.BotCommand;
import org.telegram.telegrambots.meta.api.objects.commands.scope.BotCommandScopeChat;
import org.telegram.telegrambots.meta.exceptions.TelegramApiException;
import org.telegram.telegrambots.meta.generics.TelegramClient;

/**
 * The command menu in the language each user is answered in. Telegram picks a menu by the two-letter code of the
 * user's app language only, so it cannot tell Simplified from Traditional: the bot registers one menu per code it
 * can tell apart ({@link #registerLanguageMenus}). Where a private chat is answered in another language than its
 * app's menu (a Traditional Chinese app; a language chosen with {@code /language}), the chat gets a menu of its own
 * ({@code BotCommandScopeChat}, which Telegram shows before the language menus), removed once the two agree again.
 * Groups get none: a group's menu is everyone's there.
 *
 * <p>The menu of each private chat is remembered for the {@value #REMEMBERED_CHATS} chats answered last, so a
 * message costs a Bot API call only when its chat's menu must change. The calls run one at a time on a thread of
 * their own, in the order they were decided: the answer never waits for them, and a chat's calls never overtake each
 * other. A call that fails is logged and its chat forgotten.
 *
 * <p>What may stay stale: a forgotten chat (after a restart, say) whose language differs from its app's menu gets
 * its menu set again with its next message, but one whose language agrees is taken to have no menu of its own, as
 * removing it from every chat after every restart would cost a call per chat. So a menu an earlier process set stays
 * where the user's language came back to their app's menu other than by {@code /language} in that chat (the app's
 * language changed, their choice expired, they chose in a group), until their next {@code /language} there. That is
 * acceptable: the commands are the same, only described in the language they chose last. {@code /language} always
 * sets or removes the menu, which also mends whatever this memory missed (another replica's change, say).
 */
final class CommandMenus implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(CommandMenus.class);
    static final int REMEMBERED_CHATS = 10_000;
    /** The language of the menu registered without a language code, which every other app gets. */
    private static final Language DEFAULT_MENU = Language.EN;

    private final TelegramClient client;
    private final Map<Language, List<BotCommand>> menus = new EnumMap<>(Language.class);
    /** Each remembered private chat's own menu (empty: none, the language menus apply), least recently used first. */
    private final Map<Long, Optional<Language>> chatMenus = new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, Optional<Language>> eldest) {
            return size() > REMEMBERED_CHATS;
        }
    };

    private final ExecutorService calls = Executors.newSingleThreadExecutor(
            Thread.ofVirtual().name("telegram-menus").factory());

    CommandMenus(TelegramClient client) {
        this.client = client;
        for (Language language : Language.values()) {
            menus.put(
                    language,
                    Commands.menu().stream()
                            .map(command -> new BotCommand(command.name(), command.description(language)))
                            .toList());
        }
    }

    /**
     * One menu per language Telegram tells apart: English as the default (no language code) and Simplified Chinese
     * under {@code zh}, which Traditional Chinese apps get too; private chats answered in Traditional Chinese get it
     * as their own menu.
     */
    void registerLanguageMenus() throws TelegramApiException {
        for (Language language : Language.values()) {
            Optional<String> code = menuLanguageCode(language);
            if (language != DEFAULT_MENU && code.isEmpty()) {
                continue;
            }
            SetMyCommands.SetMyCommandsBuilder<?, ?> request =
                    SetMyCommands.builder().commands(menus.get(language));
            code.ifPresent(request::languageCode);
            client.execute(request.build());
        }
    }

    /** The language_code a language's menu is registered under; empty for the default menu or none. */
    static Optional<String> menuLanguageCode(Language language) {
        return switch (language) {
            case EN -> Optional.empty();
            case ZH -> Optional.of("zh");
            case ZH_TW -> Optional.empty(); // no two-letter code of its own: a chat menu where needed
        };
    }

    /** The language of the menu Telegram shows an app set to {@code clientTag} ("zh-hant": Simplified). */
    static Language languageMenuFor(@Nullable String clientTag) {
        String code = clientTag == null ? "" : clientTag.split("[-_]", 2)[0].toLowerCase(Locale.ROOT);
        for (Language language : Language.values()) {
            if (menuLanguageCode(language).filter(code::equals).isPresent()) {
                return language;
            }
        }
        return DEFAULT_MENU;
    }

    /** Private chat {@code chatId} is answered in {@code language}: sets or removes its menu if that must change. */
    void answeringIn(long chatId, Language language, @Nullable String clientTag) {
        update(chatId, ownMenu(language, clientTag), false);
    }

    /** The user of private chat {@code chatId} chose {@code language}: sets or removes its menu in any case. */
    void languageChosen(long chatId, Language language, @Nullable String clientTag) {
        update(chatId, ownMenu(language, clientTag), true);
    }

    /** The menu of its own a chat needs: none where the menu its app gets is in the answering language already. */
    private static Optional<Language> ownMenu(Language language, @Nullable String clientTag) {
        return language == languageMenuFor(clientTag) ? Optional.empty() : Optional.of(language);
    }

    private void update(long chatId, Optional<Language> wanted, boolean always) {
        synchronized (chatMenus) {
            Optional<Language> known = chatMenus.put(chatId, wanted);
            boolean unchanged = known == null ? wanted.isEmpty() : known.equals(wanted);
            if (unchanged && !always) {
                return;
            }
            try {
                // Submitted under the lock: the calls run in the order they were decided.
                calls.execute(() -> apply(chatId, wanted));
            } catch (RejectedExecutionException stopping) {
                chatMenus.remove(chatId);
            }
        }
    }

    private void apply(long chatId, Optional<Language> menu) {
        BotCommandScopeChat scope = BotCommandScopeChat.builder().chatId(chatId).build();
        try {
            if (menu.isPresent()) {
                client.execute(SetMyCommands.builder()
                        .scope(scope)
                        .commands(menus.get(menu.get()))
                        .build());
            } else {
                client.execute(DeleteMyCommands.builder().scope(scope).build());
            }
        } catch (TelegramApiException | RuntimeException e) {
            log.info(
                    "Could not {} the command menu of chat {}: {}",
                    menu.isPresent() ? "set" : "remove",
                    chatId,
                    e.getMessage());
            synchronized (chatMenus) {
                chatMenus.remove(chatId, menu);
            }
        }
    }

    /** Drops the calls not yet made; the chats' menus are set again as their next messages need. */
    @Override
    public void close() {
        calls.shutdownNow();
    }
}
