/** Images users send: fetched through the adapter with a size cap, checked, and handed to the model. */
@NullMarked
package dev.chatbridge.core.vision;

import org.jspecify.annotations.NullMarked;
