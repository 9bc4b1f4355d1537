package dev.chatbridge.testsupport.discord;

import dev.chatbridge.testsupport.common.Json;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * What the fake Discord knows: users, guilds, channels and messages, and their JSON as the API and the gateway
 * show them (API v10, the fields JDA 6 reads). Guarded by its own monitor: REST threads, the gateway and the test
 * thread all touch it.
 */
final class World {

    static final long VIEW_CHANNEL = 1L << 10;
    static final long SEND_MESSAGES = 1L << 11;
    static final long EMBED_LINKS = 1L << 14;
    static final long ATTACH_FILES = 1L << 15;
    static final long READ_MESSAGE_HISTORY = 1L << 16;
    static final long USE_APPLICATION_COMMANDS = 1L << 31;
    static final long CREATE_PUBLIC_THREADS = 1L << 35;
    static final long SEND_MESSAGES_IN_THREADS = 1L << 38;
    /** What a bot usually gets when invited with the scopes the README asks for. */
    static final long BOT_DEFAULT_PERMISSIONS = VIEW_CHANNEL
            | SEND_MESSAGES
            | EMBED_LINKS
            | ATTACH_FILES
            | READ_MESSAGE_HISTORY
            | USE_APPLICATION_COMMANDS
            | CREATE_PUBLIC_THREADS
            | SEND_MESSAGES_IN_THREADS;

    static final int GUILD_TEXT = 0;
    static final int DM = 1;
    static final int PUBLIC_THREAD = 11;

    private static final Pattern USER_MENTION = Pattern.compile("<@!?(\\d+)>");
    // Discord epoch snowflakes of today, so JDA's time-from-id helpers see plausible dates.
    private final AtomicLong nextId = new AtomicLong(((System.currentTimeMillis() - 1420070400000L) << 22) + 1);

    record User(String id, String name, boolean bot, String locale) {}

    static final class Guild {
        final String id;
        final String name;
        long everyonePermissions = BOT_DEFAULT_PERMISSIONS;
        final List<String> channelIds = new ArrayList<>();

        Guild(String id, String name) {
            this.id = id;
            this.name = name;
        }
    }

    static final class Channel {
        final String id;
        final int type;
        final @Nullable String guildId;
        final @Nullable String parentId;
        final @Nullable String ownerId;
        final String name;
        final @Nullable String recipientId;
        long deniedToBot;

        Channel(
                String id,
                int type,
                @Nullable String guildId,
                @Nullable String parentId,
                @Nullable String ownerId,
                String name,
                @Nullable String recipientId) {
            this.id = id;
            this.type = type;
            this.guildId = guildId;
            this.parentId = parentId;
            this.ownerId = ownerId;
            this.name = name;
            this.recipientId = recipientId;
        }
    }

    static final class Message {
        final String id;
        final String channelId;
        final String authorId;
        String content;
        JsonNode components;
        JsonNode embeds;
        /** File names; an edit that sends {@code attachments} replaces the list (kept ones and new uploads). */
        List<String> attachments;
        /** Bytes of attachments a user sent, by file name; the fake serves them like Discord's CDN. */
        final Map<String, byte[]> files = new LinkedHashMap<>();

        final List<String> history = new ArrayList<>();
        /** The embeds of the first post, then of each edit that set embeds. */
        final List<JsonNode> embedHistory = new ArrayList<>();

        final @Nullable String replyTo;
        int flags;
        boolean deleted;
        /** A voice message's length ({@code duration_secs} on its attachment); negative for other messages. */
        double voiceSeconds = -1;
        /** The {@code sticker_items} a user sent (id, name). */
        final List<String[]> stickers = new ArrayList<>();

        Message(
                String id,
                String channelId,
                String authorId,
                String content,
                JsonNode components,
                JsonNode embeds,
                List<String> attachments,
                @Nullable String replyTo) {
            this.id = id;
            this.channelId = channelId;
            this.authorId = authorId;
            this.content = content;
            this.components = components;
            this.embeds = embeds;
            this.attachments = List.copyOf(attachments);
            this.replyTo = replyTo;
            history.add(content);
            embedHistory.add(embeds);
        }
    }

    final User bot;
    /** Owns every guild: an owner has all permissions, so the bot must not be it. */
    final User owner;

    final String applicationId;
    final Map<String, User> users = new LinkedHashMap<>();
    final Map<String, Guild> guilds = new LinkedHashMap<>();
    final Map<String, Channel> channels = new LinkedHashMap<>();
    final Map<String, Message> messages = new LinkedHashMap<>();
    /**
     * The embeds as Discord returns them: an image given as {@code attachment://<name>} points at that attachment of
     * the message on the CDN (Discord shows it inside the embed instead of below the message).
     */
    private JsonNode resolvedEmbeds(Message message) {
        JsonNode embeds = message.embeds.deepCopy();
        for (JsonNode embed : embeds) {
            String url = embed.path("image").path("url").asString("");
            String name = url.startsWith("attachment://") ? url.substring("attachment://".length()) : null;
            if (name != null && message.attachments.contains(name)) {
                String cdn = cdnBase + "/" + message.id + "/" + name;
                ((ObjectNode) embed.path("image")).put("url", cdn).put("proxy_url", cdn);
            }
        }
        return embeds;
    }

    /** Where attachments are served, e.g. http://127.0.0.1:1234/attachments (set once the server runs). */
    volatile String cdnBase = "https://cdn.invalid/attachments";

    World(String botName) {
        this.bot = new User(newId(), botName, true, "en-US");
        this.applicationId = bot.id();
        users.put(bot.id(), bot);
        this.owner = user(newId(), "owner", "en-US");
    }

    String newId() {
        return Long.toString(nextId.getAndIncrement());
    }

    synchronized User user(String id, String name, String locale) {
        return users.computeIfAbsent(id, key -> new User(key, name, false, locale));
    }

    synchronized Guild addGuild(String name) {
        return addGuild(newId(), name);
    }

    synchronized Guild addGuild(String id, String name) {
        Guild guild = new Guild(id, name);
        guilds.put(guild.id, guild);
        return guild;
    }

    synchronized Channel addChannel(
            int type,
            @Nullable String guildId,
            @Nullable String parentId,
            @Nullable String ownerId,
            String name,
            @Nullable String recipientId) {
        Channel channel = new Channel(newId(), type, guildId, parentId, ownerId, name, recipientId);
        channels.put(channel.id, channel);
        if (guildId != null && type == GUILD_TEXT) {
            guilds.get(guildId).channelIds.add(channel.id);
        }
        return channel;
    }

    synchronized Channel dmWith(String userId) {
        return channels.values().stream()
                .filter(channel -> channel.type == DM && userId.equals(channel.recipientId))
                .findFirst()
                .orElseGet(() -> addChannel(DM, null, null, null, "", userId));
    }

    synchronized Message addMessage(
            String channelId,
            String authorId,
            String content,
            JsonNode components,
            JsonNode embeds,
            List<String> attachments,
            @Nullable String replyTo) {
        Message message = new Message(newId(), channelId, authorId, content, components, embeds, attachments, replyTo);
        messages.put(message.id, message);
        return message;
    }

    /** The bot's permissions in a channel (a thread inherits its parent's). */
    synchronized long botPermissions(Channel channel) {
        if (channel.guildId == null) {
            return BOT_DEFAULT_PERMISSIONS;
        }
        Channel base = channel.parentId == null ? channel : channels.get(channel.parentId);
        return guilds.get(channel.guildId).everyonePermissions & ~base.deniedToBot;
    }

    // ---- JSON as Discord shows it ----

    static String timestamp(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC).toString();
    }

    ObjectNode userJson(User user) {
        ObjectNode json = Json.object()
                .put("id", user.id())
                .put("username", user.name())
                .put("discriminator", "0")
                .put("bot", user.bot())
                .put("system", false)
                .put("public_flags", 0);
        json.putNull("global_name");
        json.putNull("avatar");
        return json;
    }

    ObjectNode memberJson(User user, boolean withUser) {
        ObjectNode json = Json.object()
                .put("joined_at", timestamp(Instant.now().minusSeconds(86_400)))
                .put("deaf", false)
                .put("mute", false)
                .put("pending", false)
                .put("flags", 0);
        json.putNull("nick");
        json.putNull("avatar");
        json.putNull("premium_since");
        json.putNull("communication_disabled_until");
        json.set("roles", Json.array());
        if (withUser) {
            json.set("user", userJson(user));
        }
        return json;
    }

    synchronized ObjectNode channelJson(Channel channel) {
        ObjectNode json = Json.object().put("id", channel.id).put("type", channel.type);
        if (channel.type == DM) {
            json.set("recipients", Json.array().add(userJson(users.get(channel.recipientId))));
            json.putNull("last_message_id");
            return json;
        }
        json.put("guild_id", channel.guildId)
                .put("name", channel.name)
                .put("position", 0)
                .put("nsfw", false)
                .put("rate_limit_per_user", 0)
                .put("flags", 0);
        json.putNull("last_message_id");
        if (channel.type == PUBLIC_THREAD) {
            json.put("parent_id", channel.parentId)
                    .put("owner_id", channel.ownerId)
                    .put("message_count", 0)
                    .put("member_count", 1)
                    .put("total_message_sent", 0);
            json.set(
                    "thread_metadata",
                    Json.object()
                            .put("archived", false)
                            .put("auto_archive_duration", 1440)
                            .put("archive_timestamp", timestamp(Instant.now()))
                            .put("locked", false)
                            .put("invitable", true)
                            .put("create_timestamp", timestamp(Instant.now())));
            json.set("applied_tags", Json.array());
            return json;
        }
        json.putNull("parent_id");
        json.putNull("topic");
        ArrayNode overwrites = Json.array();
        if (channel.deniedToBot != 0) {
            overwrites.add(Json.object()
                    .put("id", bot.id())
                    .put("type", 1)
                    .put("allow", "0")
                    .put("deny", Long.toString(channel.deniedToBot)));
        }
        json.set("permission_overwrites", overwrites);
        return json;
    }

    synchronized ObjectNode guildCreateJson(Guild guild) {
        ObjectNode json = Json.object()
                .put("id", guild.id)
                .put("name", guild.name)
                .put("owner_id", owner.id())
                .put("afk_timeout", 300)
                .put("verification_level", 0)
                .put("default_message_notifications", 0)
                .put("explicit_content_filter", 0)
                .put("mfa_level", 0)
                .put("nsfw_level", 0)
                .put("premium_tier", 0)
                .put("premium_progress_bar_enabled", false)
                .put("preferred_locale", "en-US")
                .put("member_count", users.size())
                .put("large", false)
                .put("unavailable", false)
                .put("joined_at", timestamp(Instant.now().minusSeconds(86_400)));
        json.putNull("icon");
        json.putNull("splash");
        json.putNull("system_channel_id");
        ObjectNode everyone = Json.object()
                .put("id", guild.id)
                .put("name", "@everyone")
                .put("permissions", Long.toString(guild.everyonePermissions))
                .put("position", 0)
                .put("color", 0)
                .put("hoist", false)
                .put("managed", false)
                .put("mentionable", false)
                .put("flags", 0);
        everyone.set(
                "colors",
                Json.object().put("primary_color", 0).putNull("secondary_color").putNull("tertiary_color"));
        json.set("roles", Json.array().add(everyone));
        json.set("members", Json.array().add(memberJson(bot, true)));
        ArrayNode channelList = Json.array();
        guild.channelIds.forEach(id -> channelList.add(channelJson(channels.get(id))));
        json.set("channels", channelList);
        for (String empty : List.of(
                "threads",
                "emojis",
                "stickers",
                "features",
                "voice_states",
                "presences",
                "stage_instances",
                "guild_scheduled_events",
                "soundboard_sounds")) {
            json.set(empty, Json.array());
        }
        return json;
    }

    static @Nullable String contentType(String fileName) {
        String lower = fileName.toLowerCase(java.util.Locale.ROOT);
        if (lower.endsWith(".png")) {
            return "image/png";
        }
        if (lower.endsWith(".jpg") || lower.endsWith(".jpeg")) {
            return "image/jpeg";
        }
        if (lower.endsWith(".webp")) {
            return "image/webp";
        }
        if (lower.endsWith(".ogg")) {
            return "audio/ogg";
        }
        if (lower.endsWith(".mp3")) {
            return "audio/mpeg";
        }
        if (lower.endsWith(".wav")) {
            return "audio/wav";
        }
        return lower.endsWith(".txt") ? "text/plain; charset=utf-8" : null;
    }

    synchronized ObjectNode messageJson(Message message) {
        Channel channel = channels.get(message.channelId);
        User author = users.get(message.authorId);
        ObjectNode json = Json.object()
                .put("id", message.id)
                .put("channel_id", message.channelId)
                .put("content", message.content)
                .put("timestamp", timestamp(Instant.now()))
                .put("tts", false)
                .put("mention_everyone", false)
                .put("pinned", false)
                .put("type", message.replyTo == null ? 0 : 19)
                .put("flags", message.flags);
        json.putNull("edited_timestamp");
        json.set("author", userJson(author));
        if (channel.guildId != null) {
            json.put("guild_id", channel.guildId);
            json.set("member", memberJson(author, false));
        }
        ArrayNode mentions = Json.array();
        Matcher matcher = USER_MENTION.matcher(message.content);
        while (matcher.find()) {
            User mentioned = users.get(matcher.group(1));
            if (mentioned != null) {
                ObjectNode mention = userJson(mentioned);
                if (channel.guildId != null) {
                    mention.set("member", memberJson(mentioned, false));
                }
                mentions.add(mention);
            }
        }
        json.set("mentions", mentions);
        json.set("mention_roles", Json.array());
        ArrayNode attachments = Json.array();
        for (String name : message.attachments) {
            byte[] bytes = message.files.getOrDefault(name, new byte[1]);
            String url = cdnBase + "/" + message.id + "/" + name;
            ObjectNode attachment = Json.object()
                    .put("id", newId())
                    .put("filename", name)
                    .put("size", bytes.length)
                    .put("url", url)
                    .put("proxy_url", url);
            String type = contentType(name);
            if (type != null) {
                attachment.put("content_type", type);
            }
            if (message.voiceSeconds >= 0) {
                // Voice messages: flag IS_VOICE_MESSAGE on the message, length and a 256-sample waveform here.
                attachment.put("duration_secs", message.voiceSeconds);
                attachment.put("waveform", java.util.Base64.getEncoder().encodeToString(new byte[256]));
            }
            attachments.add(attachment);
        }
        json.set("attachments", attachments);
        if (!message.stickers.isEmpty()) {
            ArrayNode stickers = json.putArray("sticker_items");
            for (String[] sticker : message.stickers) {
                stickers.addObject()
                        .put("id", sticker[0])
                        .put("name", sticker[1])
                        .put("format_type", 1);
            }
        }
        json.set("embeds", resolvedEmbeds(message));
        json.set("components", message.components);
        if (message.replyTo != null) {
            json.set(
                    "message_reference",
                    Json.object()
                            .put("type", 0)
                            .put("message_id", message.replyTo)
                            .put("channel_id", message.channelId));
            Message replied = messages.get(message.replyTo);
            if (replied != null && !replied.deleted && replied.replyTo == null) {
                json.set("referenced_message", messageJson(replied));
            }
        }
        return json;
    }
}
