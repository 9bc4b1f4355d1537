/**
 * A fake Telegram Bot API that speaks the real wire format and enforces its limits and error texts
 * (shared/WIRE.md), so tests can drive the real TelegramBots client against it.
 */
@NullMarked
package dev.chatbridge.testsupport.telegram;

import org.jspecify.annotations.NullMarked;
