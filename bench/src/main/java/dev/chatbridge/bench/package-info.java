@NullMarked
package dev.chatbridge.bench;

import org.jspecify.annotations.NullMarked;
