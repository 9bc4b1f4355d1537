/**
 * A real Redis for tests (a container, or an embedded redis-server): storage behaviour is only proven against a
 * real server.
 */
@NullMarked
package dev.chatbridge.testsupport.redis;

import org.jspecify.annotations.NullMarked;
