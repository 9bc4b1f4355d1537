package dev.chatbridge.telegram;

import dev.chatbridge.core.message.Attachment;
import java.io.IOException;
import java.io.InputStream;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;
import org.telegram.telegrambots.meta.TelegramUrl;
import org.telegram.telegrambots.meta.api.methods.GetFile;
import org.telegram.telegrambots.meta.api.objects.File;
import org.telegram.telegrambots.meta.exceptions.TelegramApiException;
import org.telegram.telegrambots.meta.exceptions.TelegramApiRequestException;
import org.telegram.telegrambots.meta.generics.TelegramClient;

/**
 * Downloads files users sent, server-side: {@code getFile}, then {@code GET /file/bot<token>/<path>}.
 * That URL holds the bot token, so it is built here, used once, and never logged, returned or put
 * into an exception message.
 */
final class TelegramFiles {

    /** The Bot API serves downloads up to 20 MB. */
    static final long MAX_DOWNLOAD_BYTES = 20L * 1024 * 1024;

    private final TelegramClient client;
    private final OkHttpClient http;
    private final TelegramUrl telegramUrl;
    private final String botToken;

    TelegramFiles(TelegramClient client, OkHttpClient http, TelegramUrl telegramUrl, String botToken) {
        this.client = client;
        this.http = http;
        this.telegramUrl = telegramUrl;
        this.botToken = botToken;
    }

    byte[] download(String fileId, String name, long maxBytes) throws Attachment.AttachmentException {
        File file;
        try {
            file = client.execute(GetFile.builder().fileId(fileId).build());
        } catch (TelegramApiRequestException e) {
            String why = e.getApiResponse() == null ? "error " + e.getErrorCode() : e.getApiResponse();
            throw new Attachment.AttachmentException(
                    "getFile for " + name + " failed: " + why,
                    why.toLowerCase(java.util.Locale.ROOT).contains("too big"));
        } catch (TelegramApiException e) {
            throw new Attachment.AttachmentException("getFile for " + name + " failed: Telegram unreachable", false);
        }
        if (file.getFileSize() != null && file.getFileSize() > maxBytes) {
            throw new Attachment.AttachmentException(name + " has " + file.getFileSize() + " bytes", true);
        }
        if (file.getFilePath() == null || file.getFilePath().isBlank()) {
            throw new Attachment.AttachmentException("getFile for " + name + " returned no file_path", false);
        }
        HttpUrl url = new HttpUrl.Builder()
                .scheme(telegramUrl.getSchema())
                .host(telegramUrl.getHost())
                .port(telegramUrl.getPort())
                .addPathSegment("file")
                .addPathSegment("bot" + botToken)
                .addPathSegments(file.getFilePath())
                .build();
        try (Response response =
                http.newCall(new Request.Builder().url(url).get().build()).execute()) {
            if (response.code() != 200) {
                throw new Attachment.AttachmentException(
                        "the download of " + name + " answered HTTP " + response.code(), false);
            }
            ResponseBody body = response.body();
            if (body.contentLength() > maxBytes) {
                throw new Attachment.AttachmentException(name + " has " + body.contentLength() + " bytes", true);
            }
            try (InputStream in = body.byteStream()) {
                // One byte past the cap tells "too large" without holding more than that.
                byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
                if (bytes.length > maxBytes) {
                    throw new Attachment.AttachmentException(name + " is larger than " + maxBytes + " bytes", true);
                }
                return bytes;
            }
        } catch (IOException e) {
            // OkHttp's messages may carry the URL, and with it the token: keep only the kind of failure.
            throw new Attachment.AttachmentException(
                    "the download of " + name + " failed (" + e.getClass().getSimpleName() + ")", false);
        }
    }
}
