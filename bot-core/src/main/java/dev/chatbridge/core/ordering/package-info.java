@NullMarked
package dev.chatbridge.core.ordering;

import org.jspecify.annotations.NullMarked;
