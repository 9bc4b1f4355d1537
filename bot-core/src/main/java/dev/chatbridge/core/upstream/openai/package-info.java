@NullMarked
package dev.chatbridge.core.upstream.openai;

import org.jspecify.annotations.NullMarked;
