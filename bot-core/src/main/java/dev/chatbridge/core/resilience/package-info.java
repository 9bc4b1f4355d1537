@NullMarked
package dev.chatbridge.core.resilience;

import org.jspecify.annotations.NullMarked;
