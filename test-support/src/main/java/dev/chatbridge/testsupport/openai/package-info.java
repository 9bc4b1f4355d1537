/**
 * A fake OpenAI-compatible gateway (streamed chat completions, image generation), lax shapes included, so tests
 * can drive our upstream clients against it.
 */
@NullMarked
package dev.chatbridge.testsupport.openai;

import org.jspecify.annotations.NullMarked;
