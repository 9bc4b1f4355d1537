@NullMarked
package dev.chatbridge.core.upstream.midjourney;

import org.jspecify.annotations.NullMarked;
