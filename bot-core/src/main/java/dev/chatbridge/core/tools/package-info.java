/** Tools the model may call: built-in ones and HTTP tools the operator configures. */
@NullMarked
package dev.chatbridge.core.tools;

import org.jspecify.annotations.NullMarked;
