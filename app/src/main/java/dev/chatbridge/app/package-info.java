@NullMarked
package dev.chatbridge.app;

import org.jspecify.annotations.NullMarked;
