/**
 * Plumbing the fakes share (JSON, a local HTTP server, polling waits, test images), so that no fake depends on
 * another.
 */
@NullMarked
package dev.chatbridge.testsupport.common;

import org.jspecify.annotations.NullMarked;
