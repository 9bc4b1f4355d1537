@NullMarked
package dev.chatbridge.bench.micro;

import org.jspecify.annotations.NullMarked;
