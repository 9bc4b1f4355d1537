package dev.chatbridge.core.imagine;

/** How a watched Midjourney job ended; the metric of finished jobs is labelled with it. */
enum JobEnd {
    SUCCESS,
    FAILURE,
    CANCEL,
    /** The proxy forgot the task (an unknown id answers an empty 200). */
    LOST,
    /** No progress for longer than the stall timeout. */
    STUCK,
    /** An action that needed input (Remix, Custom Zoom, Vary (Region)) got none: cancelled, timed out or unavailable. */
    NO_INPUT,
    DOWNLOAD_FAILED,
    DELIVERY_FAILED
}
