@NullMarked
package dev.chatbridge.core.quota;

import org.jspecify.annotations.NullMarked;
