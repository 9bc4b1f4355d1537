package dev.chatbridge.core.observe;

/** How an adapter's link to its platform is doing, for the health endpoint. */
public interface PlatformConnection {

    String platform();

    State state();

    /** {@code up} and a short human detail (e.g. when the last poll succeeded, or the last error). */
    record State(boolean up, String detail) {}
}
