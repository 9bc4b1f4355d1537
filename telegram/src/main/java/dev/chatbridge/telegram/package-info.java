@NullMarked
package dev.chatbridge.telegram;

import org.jspecify.annotations.NullMarked;
