/** The Discord adapter: JDA in, the core's ChatChannel out. */
@NullMarked
package dev.chatbridge.discord;

import org.jspecify.annotations.NullMarked;
