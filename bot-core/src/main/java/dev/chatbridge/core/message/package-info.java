@NullMarked
package dev.chatbridge.core.message;

import org.jspecify.annotations.NullMarked;
