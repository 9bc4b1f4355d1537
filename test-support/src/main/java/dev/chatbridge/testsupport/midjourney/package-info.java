/**
 * A fake Midjourney proxy (both dialects, with notify hooks) that walks jobs through the proxies' states, so tests
 * can drive our Midjourney client against it.
 */
@NullMarked
package dev.chatbridge.testsupport.midjourney;

import org.jspecify.annotations.NullMarked;
