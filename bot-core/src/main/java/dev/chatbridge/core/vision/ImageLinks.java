package dev.chatbridge.core.vision;

import dev.chatbridge.core.net.WebLink;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds image links in a message's text. The rule: an http(s) URL whose path ends in {@code .png},
 * {@code .jpg}, {@code .jpeg}, {@code .webp} or {@code .gif} (any case; a query or fragment may
 * follow), found as a whitespace-separated token; punctuation around it ({@code <…>}, {@code (…)},
 * a full stop) is not part of it, so Markdown links and Discord's {@code <url>} work. Links with a
 * user name or password are never image links. Other links
 * stay plain text: the bot never fetches a page just because it was mentioned.
 */
public final class ImageLinks {

    private static final Pattern CANDIDATE = Pattern.compile("(?i)https?://\\S+");
    /** Closing punctuation that usually belongs to the sentence, not to the URL. */
    private static final String TRAILING = ".,;:!?)]}>'\"*_`";

    private static final Set<String> IMAGE_SUFFIXES = Set.of(".png", ".jpg", ".jpeg", ".webp", ".gif");

    private ImageLinks() {}

    /** The image links in {@code text}, in order, each once. */
    public static List<String> in(String text) {
        Set<String> found = new LinkedHashSet<>();
        Matcher candidates = CANDIDATE.matcher(text);
        while (candidates.find()) {
            String url = trimTrailing(candidates.group());
            if (isImageLink(url)) {
                found.add(url);
            }
        }
        return new ArrayList<>(found);
    }

    /**
     * Whether the text is nothing but image links (and punctuation around them, such as Discord's
     * {@code <url>}): once the links are taken out, no question is left.
     */
    public static boolean onlyLinks(String text) {
        List<String> links = in(text);
        String rest = text;
        for (String link : links) {
            rest = rest.replace(link, " ");
        }
        return !links.isEmpty() && rest.codePoints().noneMatch(Character::isLetterOrDigit);
    }

    private static String trimTrailing(String url) {
        int end = url.length();
        while (end > 0 && TRAILING.indexOf(url.charAt(end - 1)) >= 0) {
            end--;
        }
        return url.substring(0, end);
    }

    private static boolean isImageLink(String url) {
        WebLink parsed = WebLink.parse(url).orElse(null);
        if (parsed == null || parsed.hasCredentials()) {
            return false; // credentials in a link: never fetched (UrlFetcher refuses them), so not offered
        }
        String path = parsed.encodedPath().toLowerCase(Locale.ROOT);
        int dot = path.lastIndexOf('.');
        return dot > path.lastIndexOf('/') && IMAGE_SUFFIXES.contains(path.substring(dot));
    }
}
