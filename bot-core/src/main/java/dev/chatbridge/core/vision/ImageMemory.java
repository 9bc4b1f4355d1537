package dev.chatbridge.core.vision;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * The heap that the images of the questions being answered may hold at once, shared by every
 * conversation of this process. Each conversation answers one message at a time, but different
 * conversations run side by side without a limit, so a per-question cap alone does not bound the
 * process: ten users sending an album at once would hold ten times the cap.
 *
 * <p>A question with images reserves the {@linkplain #footprint footprint} of its worst case (its
 * image budget) before it downloads anything, waiting while other questions hold the rest; once
 * its images are read it keeps only the footprint of what they turned out to be, until its answer
 * ends. Reservations are counted in KiB on a fair semaphore, so a large question is not starved by
 * a stream of small ones.
 */
public final class ImageMemory {

    /**
     * The share of the heap (its {@code -Xmx}) the images may hold. The rest is the application's own
     * (about 70 MB live: Spring, the clients, jtokkit's encodings) and the collector's room to work
     * with the large arrays images make: with 256 MB, one question of the default 20 MB at a time.
     */
    static final double HEAP_SHARE = 0.4;

    private static final long KIB = 1024;

    private final Semaphore kib;
    private final int totalKib;

    ImageMemory(long bytes) {
        this.totalKib = (int) Math.clamp(bytes / KIB, 1, Integer.MAX_VALUE);
        this.kib = new Semaphore(totalKib, true);
    }

    /** {@link #HEAP_SHARE} of the heap this JVM may grow to. */
    static ImageMemory ofHeap() {
        return new ImageMemory((long) (Runtime.getRuntime().maxMemory() * HEAP_SHARE));
    }

    /** What this process lets images hold at once. */
    long totalBytes() {
        return totalKib * KIB;
    }

    /**
     * The most heap images of {@code imageBytes} bytes in all hold at once while their question is
     * asked: the downloaded bytes while their {@code data:} URL is built (1 + 4/3 + 4/3: the bytes, the
     * sized array, the string made from it), then the URLs while the client serialises the request
     * body (4/3 + twice 4/3: the URLs, Jackson's buffer, the body it returns), rounded up to 5 times
     * the bytes, plus the download buffers' slack.
     */
    public static long footprint(long imageBytes) {
        return imageBytes == 0 ? 0 : 5 * imageBytes + 256 * KIB;
    }

    /**
     * Reserves {@code bytes} (at most all there is, so one large question always fits an idle
     * process), waiting up to {@code wait}; null when they did not come free in time.
     */
    @Nullable
    Lease reserve(long bytes, Duration wait) throws InterruptedException {
        int wanted = kibOf(bytes);
        if (!kib.tryAcquire(wanted, wait.toMillis(), TimeUnit.MILLISECONDS)) {
            return null;
        }
        return new Lease(this, wanted);
    }

    private int kibOf(long bytes) {
        return (int) Math.min(totalKib, (bytes + KIB - 1) / KIB);
    }

    /** Reserved heap, given back when the question's answer has ended. Closing twice gives back once. */
    public static final class Lease implements AutoCloseable {

        /** Holds nothing: a question without images. */
        public static final Lease NONE = new Lease(null, 0);

        private final @Nullable ImageMemory memory;
        private int heldKib;

        private Lease(@Nullable ImageMemory memory, int heldKib) {
            this.memory = memory;
            this.heldKib = heldKib;
        }

        /** Keeps only {@code bytes} of the reservation (never more than it holds), giving the rest back now. */
        synchronized void shrinkTo(long bytes) {
            if (memory == null) {
                return;
            }
            int keep = Math.min(heldKib, memory.kibOf(bytes));
            memory.kib.release(heldKib - keep);
            heldKib = keep;
        }

        synchronized long heldBytes() {
            return heldKib * KIB;
        }

        @Override
        public synchronized void close() {
            if (memory != null && heldKib > 0) {
                memory.kib.release(heldKib);
                heldKib = 0;
            }
        }
    }
}
