@NullMarked
package dev.chatbridge.core.pipeline;

import org.jspecify.annotations.NullMarked;
