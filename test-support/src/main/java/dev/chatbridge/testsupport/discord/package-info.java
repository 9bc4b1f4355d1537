/**
 * A fake Discord (REST and websocket gateway) with the real limits and error replies, so tests can drive the real
 * JDA client against it.
 */
@NullMarked
package dev.chatbridge.testsupport.discord;

import org.jspecify.annotations.NullMarked;
