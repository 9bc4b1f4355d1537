@NullMarked
package dev.chatbridge.core.storage;

import org.jspecify.annotations.NullMarked;
