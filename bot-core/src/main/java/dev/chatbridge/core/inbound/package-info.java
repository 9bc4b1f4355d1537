@NullMarked
package dev.chatbridge.core.inbound;

import org.jspecify.annotations.NullMarked;
