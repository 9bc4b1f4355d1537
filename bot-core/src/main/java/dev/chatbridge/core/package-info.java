@NullMarked
package dev.chatbridge.core;

import org.jspecify.annotations.NullMarked;
