package dev.chatbridge.app.region;

/** Where a painted mask goes: the MODAL task is completed with the prompt and the mask. */
public interface RegionSubmissions {

    /** The same cases as the core's {@code ModalOutcome}. */
    enum Outcome {
        SUBMITTED,
        EXPIRED,
        FOREIGN,
        ALREADY_DONE,
        FAILED
    }

    /** {@code maskBase64}: {@code data:image/png;base64,...}, white where the user painted, black elsewhere. */
    Outcome submit(String taskId, String userId, String prompt, String maskBase64);
}
