@NullMarked
package dev.chatbridge.core.net;

import org.jspecify.annotations.NullMarked;
