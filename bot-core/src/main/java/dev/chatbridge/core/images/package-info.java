/** Pictures drawn through the gateway's OpenAI-style images API: {@code /image} and the generate_image tool. */
@NullMarked
package dev.chatbridge.core.images;

import org.jspecify.annotations.NullMarked;
