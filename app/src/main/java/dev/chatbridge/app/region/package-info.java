/**
 * The Vary (Region) mask page: signed, expiring links to a page where the user paints the region of a Midjourney
 * picture to redraw, and the routes that serve it, its picture, and take the mask.
 */
@NullMarked
package dev.chatbridge.app.region;

import org.jspecify.annotations.NullMarked;
