@NullMarked
package dev.chatbridge.core.text;

import org.jspecify.annotations.NullMarked;
