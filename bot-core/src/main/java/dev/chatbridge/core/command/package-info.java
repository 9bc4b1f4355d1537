@NullMarked
package dev.chatbridge.core.command;

import org.jspecify.annotations.NullMarked;
