@NullMarked
package dev.chatbridge.core.imagine;

import org.jspecify.annotations.NullMarked;
