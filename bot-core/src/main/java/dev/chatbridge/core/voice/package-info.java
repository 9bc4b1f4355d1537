/** Voice notes and audio files: transcribed through the gateway, shown to the user, and asked as text. */
@NullMarked
package dev.chatbridge.core.voice;

import org.jspecify.annotations.NullMarked;
