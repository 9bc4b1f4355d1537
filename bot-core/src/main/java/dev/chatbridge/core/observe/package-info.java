@NullMarked
package dev.chatbridge.core.observe;

import org.jspecify.annotations.NullMarked;
