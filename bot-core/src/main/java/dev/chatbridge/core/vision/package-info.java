/**
 * Images users send, attached (fetched through the adapter) or as image links in the text (fetched
 * through the SSRF guard), with a size cap, checked, and handed to the model.
 */
@NullMarked
package dev.chatbridge.core.vision;

import org.jspecify.annotations.NullMarked;
