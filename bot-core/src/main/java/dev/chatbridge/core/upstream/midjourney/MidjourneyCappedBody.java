package dev.chatbridge.core.upstream.midjourney;

import dev.chatbridge.core.imagine.MidjourneyException;
import dev.chatbridge.core.imagine.MidjourneyException.Kind;
import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * Collects a response body of at most {@code maxBytes}: a larger {@code Content-Length} fails at once, and a body
 * that grows past the cap while it streams in fails and is abandoned, so a huge image is never held in memory.
 * Bodies of non-200 answers are not read at all.
 */
final class MidjourneyCappedBody implements HttpResponse.BodySubscriber<byte[]> {

    private static final byte[] NOTHING = new byte[0];

    private final long maxBytes;
    private final CompletableFuture<byte[]> result = new CompletableFuture<>();
    private final ByteArrayOutputStream collected = new ByteArrayOutputStream();
    private Flow.Subscription subscription = Nop.INSTANCE;

    private MidjourneyCappedBody(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    static HttpResponse.BodySubscriber<byte[]> handle(HttpResponse.ResponseInfo info, long maxBytes) {
        if (info.statusCode() != 200) {
            return new MidjourneyCappedBody(-1);
        }
        long declared = info.headers().firstValueAsLong("Content-Length").orElse(-1);
        if (declared > maxBytes) {
            return tooLarge(declared + " bytes", maxBytes);
        }
        return new MidjourneyCappedBody(maxBytes);
    }

    private static HttpResponse.BodySubscriber<byte[]> tooLarge(String size, long maxBytes) {
        MidjourneyCappedBody body = new MidjourneyCappedBody(-1);
        body.result.completeExceptionally(new MidjourneyException(
                Kind.TOO_LARGE, "the image is larger than " + maxBytes + " bytes (" + size + ")"));
        return body;
    }

    @Override
    public CompletionStage<byte[]> getBody() {
        return result;
    }

    @Override
    public void onSubscribe(Flow.Subscription subscription) {
        this.subscription = subscription;
        if (maxBytes < 0) {
            // Not wanted (an error status or a declared size over the cap): drop the connection's body.
            subscription.cancel();
            result.complete(NOTHING);
        } else {
            subscription.request(1);
        }
    }

    @Override
    public void onNext(List<ByteBuffer> buffers) {
        if (result.isDone()) {
            return;
        }
        for (ByteBuffer buffer : buffers) {
            byte[] bytes = new byte[buffer.remaining()];
            buffer.get(bytes);
            collected.writeBytes(bytes);
        }
        if (collected.size() > maxBytes) {
            subscription.cancel();
            result.completeExceptionally(
                    new MidjourneyException(Kind.TOO_LARGE, "the image is larger than " + maxBytes + " bytes"));
            return;
        }
        subscription.request(1);
    }

    @Override
    public void onError(Throwable throwable) {
        result.completeExceptionally(throwable);
    }

    @Override
    public void onComplete() {
        result.complete(collected.toByteArray());
    }

    private enum Nop implements Flow.Subscription {
        INSTANCE;

        @Override
        public void request(long n) {}

        @Override
        public void cancel() {}
    }
}
