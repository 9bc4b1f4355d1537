package dev.chatbridge.app.region;

import dev.chatbridge.core.imagine.MidjourneyException;
import dev.chatbridge.core.imagine.MidjourneyProxy;
import dev.chatbridge.core.imagine.SubmitResult;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends the mask straight to the proxy's {@code /mj/submit/modal}. The link already proved whose task it is; the
 * proxy tells whether the task still waits.
 */
// lead: switch to ImagineService.completeModal after merging mjmodal, so that the job is watched like any other
// (progress message, grid, buttons) and the core checks the task's owner and state.
final class ProxyRegionSubmissions implements RegionSubmissions {

    private static final Logger log = LoggerFactory.getLogger(ProxyRegionSubmissions.class);

    private final MidjourneyProxy proxy;
    private final @Nullable String notifyHook;

    ProxyRegionSubmissions(MidjourneyProxy proxy, @Nullable String notifyHook) {
        this.proxy = proxy;
        this.notifyHook = notifyHook;
    }

    @Override
    public Outcome submit(String taskId, String userId, String prompt, String maskBase64) {
        try {
            SubmitResult result = proxy.modal(taskId, prompt, maskBase64, notifyHook);
            return switch (result.outcome()) {
                case SUBMITTED, QUEUED, EXISTS -> Outcome.SUBMITTED;
                // Code 3: the proxy forgot the task; code 4 on a known one: it no longer waits for the modal.
                case FAILED -> result.code() == 3 ? Outcome.EXPIRED : failed(taskId, result);
                case MODAL, QUEUE_FULL, BANNED -> failed(taskId, result);
            };
        } catch (MidjourneyException e) {
            log.warn("Vary (Region) for task {} failed: {}", taskId, e.getMessage());
            return Outcome.FAILED;
        }
    }

    private static Outcome failed(String taskId, SubmitResult result) {
        log.warn("Vary (Region) for task {} was refused (code {}): {}", taskId, result.code(), result.description());
        return Outcome.FAILED;
    }
}
