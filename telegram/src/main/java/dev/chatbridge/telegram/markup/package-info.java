/**
 * The model's Markdown as Telegram's HTML subset. Only {@link dev.chatbridge.telegram.markup.TelegramHtml} is
 * public; the package needs commonmark-java and nothing of TelegramBots.
 */
@NullMarked
package dev.chatbridge.telegram.markup;

import org.jspecify.annotations.NullMarked;
