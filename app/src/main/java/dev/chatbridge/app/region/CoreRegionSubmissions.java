package dev.chatbridge.app.region;

import dev.chatbridge.core.imagine.ImagineService;
import java.util.function.Supplier;

/**
 * Completes the MODAL task through the core, which checks the task's owner and state, submits in the user's speed
 * mode, and watches the job again like any other (progress message, grid, buttons in the chat).
 */
final class CoreRegionSubmissions implements RegionSubmissions {

    private final Supplier<ImagineService> imagine;

    CoreRegionSubmissions(Supplier<ImagineService> imagine) {
        this.imagine = imagine;
    }

    @Override
    public Outcome submit(String taskId, String userId, String prompt, String maskBase64) {
        return switch (imagine.get().completeModal(taskId, userId, prompt, maskBase64)) {
            case SUBMITTED -> Outcome.SUBMITTED;
            case EXPIRED -> Outcome.EXPIRED;
            case FOREIGN -> Outcome.FOREIGN;
            case ALREADY_DONE -> Outcome.ALREADY_DONE;
            case FAILED -> Outcome.FAILED;
        };
    }
}
