package dev.chatbridge.core.vision;

import dev.chatbridge.core.message.Attachment;
import dev.chatbridge.core.net.UrlFetcher;
import dev.chatbridge.core.text.Language;
import dev.chatbridge.core.text.Text;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a question's attachments into images for the model, and decides what of them the
 * conversation keeps.
 *
 * <p>The choice: an image is sent to the model only with the question it came with. The stored
 * user turn then holds a compact text reference ({@link ImageInput#reference()}, e.g. {@code
 * [image: photo.jpg, jpeg, 182 KB]}) in place of the bytes, and the model's own answer about the
 * picture stays in the history. So a follow-up costs a few tokens instead of resending megabytes of
 * base64 every turn, the token budget stays predictable (images have no reliable token count), and
 * Redis holds text only. To ask about the picture itself again, the user replies to it: a reply to a
 * photo carries the image into the new question.
 *
 * <p>Image links in the text ({@link ImageLinks}) are images too, fetched through the SSRF guard.
 * They are treated more leniently than attached files, because a link may just be mentioned: one
 * that is refused or fails is left out with a notice and the rest of the question is still
 * answered ({@link #load(List, FoundLinks, Language)}).
 *
 * <p>Memory is bounded before anything is downloaded: one question's images may add up to {@link
 * VisionSettings#maxQuestionImageBytes()} (what does not fit is left out, and the user is told the
 * cap), and the images of all questions being answered share a part of the heap ({@link
 * ImageMemory}), so an album of ten large files, or several at once, cannot exhaust it.
 */
public final class VisionContext {

    /**
     * Image links fetched per message at most: each may take the fetcher's whole time cap, and a
     * pasted list of links should not keep the conversation busy for minutes.
     */
    static final int MAX_LINKS_PER_MESSAGE = 4;

    /** How long a question waits for others' images to leave enough heap before it is told to send again. */
    static final Duration MEMORY_WAIT = Duration.ofMinutes(2);

    private static final Logger log = LoggerFactory.getLogger(VisionContext.class);

    private final VisionSettings settings;
    private final UrlFetcher fetcher;
    private final ImageMemory memory;

    public VisionContext(VisionSettings settings, UrlFetcher fetcher) {
        this(settings, fetcher, ImageMemory.ofHeap());
    }

    VisionContext(VisionSettings settings, UrlFetcher fetcher, ImageMemory memory) {
        this.settings = settings;
        this.fetcher = fetcher;
        this.memory = memory;
    }

    public VisionSettings settings() {
        return settings;
    }

    /** The question as stored in the conversation: its references, then the text. */
    public static String storedQuestion(String question, List<ImageInput> images) {
        if (images.isEmpty()) {
            return question;
        }
        StringBuilder stored = new StringBuilder();
        for (ImageInput image : images) {
            stored.append(image.reference()).append('\n');
        }
        return stored.append(question).toString().strip();
    }

    /**
     * Downloads and checks a question's attachments and then its image links, within the question's
     * image budget ({@link VisionSettings#maxQuestionImageBytes()}) and the process's
     * {@link ImageMemory}. What is declared too large, or no image, refuses the question before
     * anything is downloaded; an attachment that no longer fits the budget is left out (declared
     * sizes are checked first, and a download stops where it would pass what is left) and the user
     * is told how much one question may carry. Links that fail become notices. The result holds the
     * heap it reserved until it is closed, when the question's answer has ended.
     */
    public Loaded load(List<Attachment> attachments, FoundLinks links, Language language) throws InterruptedException {
        if (attachments.size() > settings.maxImagesPerQuestion()) {
            return Loaded.refused(Text.IMAGE_TOO_MANY.in(language, settings.maxImagesPerQuestion()));
        }
        for (Attachment attachment : attachments) {
            Optional<String> refusal = QuestionImages.check(attachment, settings, language);
            if (refusal.isPresent()) {
                return Loaded.refused(refusal.get());
            }
        }
        if (attachments.isEmpty() && links.links().isEmpty()) {
            return Loaded.NONE;
        }
        ImageMemory.Lease lease = memory.reserve(ImageMemory.footprint(settings.maxQuestionImageBytes()), MEMORY_WAIT);
        if (lease == null) {
            log.warn("No memory came free for a question's images within {}", MEMORY_WAIT);
            return Loaded.refused(Text.IMAGES_BUSY.in(language));
        }
        try {
            Loaded loaded = download(attachments, links, lease, language);
            if (loaded.refusal() != null) {
                lease.close();
            }
            return loaded;
        } catch (RuntimeException e) {
            lease.close();
            throw e;
        }
    }

    private Loaded download(
            List<Attachment> attachments, FoundLinks links, ImageMemory.Lease lease, Language language) {
        QuestionImages question = new QuestionImages(settings, language);
        List<ImageInput> images = new ArrayList<>();
        for (Attachment attachment : attachments) {
            QuestionImages.One one = question.load(attachment);
            if (one.refusal() != null) {
                return Loaded.refused(one.refusal());
            }
            if (one.image() != null) {
                images.add(one.image());
            }
        }
        if (images.isEmpty() && !question.leftOut().isEmpty()) {
            return Loaded.refused(question.nothingFitted());
        }
        List<String> notices = new ArrayList<>();
        for (Attachment link : links.links()) {
            QuestionImages.One one = question.load(link);
            if (one.image() != null) {
                images.add(one.image());
            } else if (one.refusal() != null) {
                notices.add(one.refusal());
            }
        }
        if (!question.leftOut().isEmpty()) {
            notices.add(question.overBudgetNotice(images.size()));
        }
        if (links.skipped() > 0) {
            notices.add(Text.IMAGE_LINKS_CAPPED.in(language, links.links().size()));
        }
        lease.shrinkTo(ImageMemory.footprint(question.spent()));
        return new Loaded(images, null, notices, lease);
    }

    /** A question's attachments without image links (see {@link #load(List, FoundLinks, Language)}). */
    public Loaded load(List<Attachment> attachments, Language language) throws InterruptedException {
        return load(attachments, FoundLinks.NONE, language);
    }

    /**
     * The image links in {@code question} that the adapter did not already turn into attachments,
     * at most {@link #MAX_LINKS_PER_MESSAGE} and no more than the images the question may still carry.
     */
    public FoundLinks linksIn(String question, List<Attachment> attachments) {
        Set<String> taken = attachments.stream()
                .map(Attachment::sourceLink)
                .filter(Objects::nonNull)
                .collect(Collectors.toSet());
        List<String> links = ImageLinks.in(question).stream()
                .filter(link -> !taken.contains(link))
                .toList();
        int roomLeft = settings.maxImagesPerQuestion() - attachments.size();
        int allowed = Math.max(0, Math.min(MAX_LINKS_PER_MESSAGE, roomLeft));
        List<Attachment> fetched = links.stream()
                .limit(allowed)
                .<Attachment>map(link -> new ImageLink(link, fetcher))
                .toList();
        return new FoundLinks(fetched, links.size() - fetched.size());
    }

    /** Image links, and how many more the text held than are fetched. */
    public record FoundLinks(List<Attachment> links, int skipped) {
        public static final FoundLinks NONE = new FoundLinks(List.of(), 0);

        public FoundLinks {
            links = List.copyOf(links);
        }
    }

    /**
     * Images ready for the model and what to tell the user about those left out, or the reason (in
     * the user's language) why there are none. Holds the heap reserved for the images until closed.
     */
    public record Loaded(
            List<ImageInput> images, @Nullable String refusal, List<String> notices, ImageMemory.Lease memory)
            implements AutoCloseable {

        /** No images were asked for. */
        public static final Loaded NONE = new Loaded(List.of(), null, List.of(), ImageMemory.Lease.NONE);

        public Loaded {
            images = List.copyOf(images);
            notices = List.copyOf(notices);
        }

        static Loaded refused(String why) {
            return new Loaded(List.of(), why, List.of(), ImageMemory.Lease.NONE);
        }

        @Override
        public void close() {
            memory.close();
        }
    }
}
