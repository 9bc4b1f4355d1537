package dev.chatbridge.core.imagine;

/** What became of an answer to a MODAL task (see {@link ImagineService#completeModal}). */
public enum ModalOutcome {
    /** Sent to the proxy; the job is watched again. */
    SUBMITTED,
    /** The ask timed out (or never existed): the user has to press the button again. */
    EXPIRED,
    /** Someone else's job: only its owner may answer. */
    FOREIGN,
    /** Answered (or cancelled) before, here or on another replica. */
    ALREADY_DONE,
    /** The proxy refused or could not be reached, or the answer is not valid (a zoom factor out of range). */
    FAILED
}
