@NullMarked
package dev.chatbridge.core.redis;

import org.jspecify.annotations.NullMarked;
