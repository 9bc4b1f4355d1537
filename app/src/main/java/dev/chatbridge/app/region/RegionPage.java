package dev.chatbridge.app.region;

import dev.chatbridge.core.text.Language;
import dev.chatbridge.core.text.Text;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.http.MediaType;
import org.springframework.web.servlet.function.ServerRequest;
import org.springframework.web.servlet.function.ServerResponse;
import org.springframework.web.util.HtmlUtils;
import tools.jackson.databind.json.JsonMapper;

/**
 * The mask page and the short pages that replace it when a link is no good. Everything is inline and self-contained
 * (nothing from a CDN); the Content-Security-Policy lets only this response's own script and style run, and the
 * page talk only to this origin. The link carries the token, so no referrer is ever sent.
 */
final class RegionPage {

    /** The texts the page's script shows, by the names it uses. */
    private static final List<Text> TEXT_KEYS = List.of(
            Text.REGION_TITLE,
            Text.REGION_HINT,
            Text.REGION_BRUSH,
            Text.REGION_UNDO,
            Text.REGION_CLEAR,
            Text.REGION_PROMPT,
            Text.REGION_SUBMIT,
            Text.REGION_SENDING,
            Text.REGION_MASK_EMPTY,
            Text.REGION_PROMPT_EMPTY,
            Text.REGION_IMAGE_FAILED,
            Text.REGION_FAILED);

    private static final String EDITOR = resource("region.html");
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final SecureRandom RANDOM = new SecureRandom();

    private RegionPage() {}

    static ServerResponse editor(String prompt, Language language) {
        Map<String, Object> config = new LinkedHashMap<>();
        Map<String, String> texts = new LinkedHashMap<>();
        for (Text key : TEXT_KEYS) {
            texts.put(key.key().substring("region.".length()), key.in(language));
        }
        config.put("texts", texts);
        config.put("prompt", prompt);
        config.put("maxPromptChars", RegionEndpoint.MAX_PROMPT_CHARS);
        String nonce = nonce();
        String html = EDITOR.replace("{{lang}}", language.code())
                .replace("{{nonce}}", nonce)
                .replace("{{title}}", HtmlUtils.htmlEscape(Text.REGION_TITLE.in(language)))
                .replace("{{config}}", scriptSafe(JSON.writeValueAsString(config)));
        return html(200, html, nonce);
    }

    static ServerResponse message(int status, Text text, Language language) {
        String nonce = nonce();
        String title = HtmlUtils.htmlEscape(Text.REGION_TITLE.in(language));
        String html = """
                <!doctype html>
                <html lang="%s"><head><meta charset="utf-8">
                <meta name="viewport" content="width=device-width, initial-scale=1">
                <title>%s</title>
                <style nonce="%s">body{font:16px/1.5 system-ui,sans-serif;margin:2rem auto;max-width:32rem;padding:0 1rem}</style>
                </head><body><h1>%s</h1><p id="message">%s</p></body></html>
                """.formatted(language.code(), title, nonce, title, HtmlUtils.htmlEscape(text.in(language)));
        return html(status, html, nonce);
    }

    /** The page's JSON answer: {@code message} on success, {@code error} otherwise, in the reader's language. */
    static ServerResponse answer(int status, Text message, Language language) {
        String text = message.in(language);
        return ServerResponse.status(status)
                .contentType(MediaType.APPLICATION_JSON)
                .header("Cache-Control", "no-store")
                .body(Map.of(status == 200 ? "message" : "error", text));
    }

    /** The first language of Accept-Language that the bot speaks; English otherwise. */
    static Language language(ServerRequest request) {
        for (String part : request.headers().header("Accept-Language").stream()
                .flatMap(header -> java.util.Arrays.stream(header.split(",")))
                .toList()) {
            String tag = part.split(";")[0].strip();
            if (!tag.isEmpty() && !tag.equals("*")) {
                Optional<Language> language = Language.parse(tag);
                if (language.isPresent()) {
                    return language.get();
                }
            }
        }
        return Language.EN;
    }

    private static ServerResponse html(int status, String html, String nonce) {
        return ServerResponse.status(status)
                .contentType(new MediaType(MediaType.TEXT_HTML, StandardCharsets.UTF_8))
                .header("Cache-Control", "no-store")
                .header("Referrer-Policy", "no-referrer")
                .header("X-Content-Type-Options", "nosniff")
                // Telegram's web clients show Web Apps in a frame on web.telegram.org; nobody else may frame it.
                .header(
                        "Content-Security-Policy",
                        "default-src 'none'; script-src 'nonce-" + nonce + "'; style-src 'nonce-" + nonce
                                + "'; img-src 'self' blob:; connect-src 'self'; base-uri 'none'; form-action 'none';"
                                + " frame-ancestors 'self' https://web.telegram.org")
                .body(html);
    }

    /** JSON inside a script element: nothing in it may close the element or open a comment. */
    private static String scriptSafe(String json) {
        return json.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026");
    }

    private static String nonce() {
        byte[] bytes = new byte[18];
        RANDOM.nextBytes(bytes);
        return Base64.getEncoder().encodeToString(bytes);
    }

    private static String resource(String name) {
        try (InputStream in = RegionPage.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
