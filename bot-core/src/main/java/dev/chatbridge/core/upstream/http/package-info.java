@NullMarked
package dev.chatbridge.core.upstream.http;

import org.jspecify.annotations.NullMarked;
