@NullMarked
package dev.chatbridge.core.delivery;

import org.jspecify.annotations.NullMarked;
