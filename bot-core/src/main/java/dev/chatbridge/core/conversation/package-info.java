@NullMarked
package dev.chatbridge.core.conversation;

import org.jspecify.annotations.NullMarked;
