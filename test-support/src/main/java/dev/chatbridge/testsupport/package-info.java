/**
 * Wire-level fakes of the Telegram Bot API and of OpenAI-compatible gateways, and a real Redis, for tests.
 *
 * <p>The fakes follow shared/WIRE.md: they enforce the real limits and answer with the real error texts, so a bug
 * that would bite in production fails in a test.
 */
@NullMarked
package dev.chatbridge.testsupport;

import org.jspecify.annotations.NullMarked;
