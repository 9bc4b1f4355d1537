package dev.chatbridge.core.images;

import dev.chatbridge.core.observe.BridgeMetrics;
import dev.chatbridge.core.quota.QuotaUser;
import dev.chatbridge.core.quota.Quotas;
import dev.chatbridge.core.text.Language;
import java.util.Locale;
import java.util.Optional;

/**
 * Drawing through the images API as a user's job, for {@code /image} and the
 * {@code generate_image} tool alike: admitted against the user's daily image jobs first, given
 * back when the images API fails (so a failed drawing does not count), and counted by result.
 */
public final class ImageJobs {

    private final ImagesApi images;
    private final Quotas quotas;
    private final BridgeMetrics metrics;

    public ImageJobs(ImagesApi images, Quotas quotas, BridgeMetrics metrics) {
        this.images = images;
        this.quotas = quotas;
        this.metrics = metrics;
    }

    /** Counts a job for {@code user}, or returns the text that says which limit refused it and when it resets. */
    public Optional<String> admit(QuotaUser user, Language language) {
        return quotas.admitImageJob(user, language);
    }

    /** Gives back a job {@link #admit} counted when the drawing never started. */
    public void refund(QuotaUser user) {
        quotas.refundImageJob(user);
    }

    /** Draws a job {@link #admit} let through; on failure the job is given back and the exception rethrown. */
    public GeneratedImage draw(QuotaUser user, String prompt) {
        try {
            GeneratedImage image = images.generate(prompt, null);
            metrics.imageJob("drawn");
            return image;
        } catch (ImagesException e) {
            quotas.refundImageJob(user);
            metrics.imageJob(e.kind().name().toLowerCase(Locale.ROOT));
            throw e;
        }
    }
}
