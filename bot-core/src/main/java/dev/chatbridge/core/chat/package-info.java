@NullMarked
package dev.chatbridge.core.chat;

import org.jspecify.annotations.NullMarked;
