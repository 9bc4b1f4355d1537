@NullMarked
package dev.chatbridge.core.access;

import org.jspecify.annotations.NullMarked;
