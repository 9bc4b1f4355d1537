package dev.chatbridge.core.text;

/**
 * Everything the bot says on its own, in English and Chinese. Templates use
 * {@link String#formatted} arguments. Markdown is allowed: it is rendered per platform.
 */
public enum Text {
    WELCOME(
            "👋 Hi %s! I'm an AI assistant. Just write to me and I'll answer.\n\nSend /help to see what I can do.",
            "👋 你好 %s！我是 AI 助手，直接发消息给我就能对话。\n\n发送 /help 查看全部功能。"),
    HELP_TITLE("**Commands**", "**命令**"),
    HELP_FOOTER("""
            `/system reset` clears your system prompt; after /imagine, press U1–U4 / V1–V4 / 🔄 under the picture.
            Send a photo or an image file (with a question as its caption) and I'll look at it.
            In groups, mention me or reply to my message.""", """
            `/system reset` 清除系统提示词；/imagine 出图后，点击图片下方的 U1–U4 / V1–V4 / 🔄。
            发送照片或图片文件（可在说明中提问），我会查看图片并回答。
            在群组中，请 @我 或回复我的消息。"""),
    CONTEXT_CLEARED("🆕 New conversation started. I've forgotten the earlier messages.", "🆕 已开始新对话，之前的上下文已清除。"),
    NOTHING_TO_RETRY("There is no earlier question to answer again.", "没有可以重新回答的问题。"),
    NOTHING_TO_CANCEL("No answer is being written right now.", "当前没有正在生成的回答。"),
    CANCELLED("⏹ Stopped.", "⏹ 已停止。"),
    CANCEL_REQUESTED("⏹ Stopping the answer…", "⏹ 正在停止回答……"),
    HANDED_OFF(
            "🔁 Interrupted by a server restart. The full answer follows in a new message.",
            "🔁 服务器重启中断了回答，完整回答将在新消息中发送。"),
    TAKEN_OVER(
            "🔁 Interrupted: another server took this conversation over. The full answer follows in a new message.",
            "🔁 回答被中断：另一台服务器接管了对话，完整回答将在新消息中发送。"),
    GAVE_UP(
            "⚠️ I could not answer this message after %s attempts, so I have set it aside. Please send it again,"
                    + " perhaps in other words.",
            "⚠️ 这条消息尝试了 %s 次仍无法回答，已将其搁置。请重新发送，或换一种说法。"),
    SYSTEM_PROMPT_SHOW(
            "Your system prompt:\n\n%s\n\nChange it with `/system <prompt>`, clear it with `/system reset`.",
            "你的系统提示词：\n\n%s\n\n用 `/system <提示词>` 修改，用 `/system reset` 清除。"),
    SYSTEM_PROMPT_NONE(
            "You have no system prompt. Set one with `/system <prompt>`.", "你还没有设置系统提示词。用 `/system <提示词>` 设置。"),
    SYSTEM_PROMPT_SET("✅ System prompt saved. It applies from your next message.", "✅ 系统提示词已保存，从下一条消息开始生效。"),
    SYSTEM_PROMPT_CLEARED("✅ System prompt cleared.", "✅ 系统提示词已清除。"),
    MODEL_CURRENT(
            "Your model: `%s`\n\nSwitch with `/model <name>`; see /models for the list.",
            "当前模型：`%s`\n\n用 `/model <名称>` 切换；发送 /models 查看列表。"),
    MODEL_SET("✅ Model switched to `%s`.", "✅ 模型已切换为 `%s`。"),
    MODEL_UNKNOWN("The gateway has no model `%s`. See /models for the list.", "网关没有模型 `%s`。发送 /models 查看列表。"),
    MODELS_LIST(
            "**Models** (yours is marked ✅)\n\n%s\n\nSwitch with `/model <name>`.",
            "**可用模型**（✅ 为当前模型）\n\n%s\n\n用 `/model <名称>` 切换。"),
    MODELS_UNAVAILABLE("⚠️ Could not read the model list from the gateway (%s).", "⚠️ 无法从网关获取模型列表（%s）。"),
    NOT_ALLOWED(
            "Sorry, this bot is private. Ask its owner to add your id (%s) to the allowlist.",
            "抱歉，这是私有机器人。请联系管理员把你的 ID（%s）加入白名单。"),
    PLACE_NOT_ALLOWED("Sorry, I'm not enabled in this server or channel.", "抱歉，本机器人未在此服务器或频道启用。"),
    MISSING_PERMISSIONS(
            "⚠️ I'm missing permissions in this channel: %s. Ask a server admin to grant them to my role.",
            "⚠️ 我在此频道缺少权限：%s。请服务器管理员为我的角色授予这些权限。"),
    MESSAGE_CONTENT_UNAVAILABLE(
            "⚠️ I can't read messages here that don't mention me: the bot's owner has not enabled the Message Content intent. Mention me, or use /chat.",
            "⚠️ 机器人所有者尚未开启 Message Content 权限，我无法读取未 @我 的消息。请 @我 或使用 /chat。"),
    UNKNOWN_COMMAND("I don't know that command. Send /help to see what I can do.", "未知命令。发送 /help 查看可用命令。"),
    CONTEXT_TRIMMED(
            "ℹ️ This conversation is long, so I've dropped the oldest messages to stay within the model's context. Send /new to start over.",
            "ℹ️ 对话较长，已丢弃最早的消息以适应模型的上下文长度。发送 /new 可重新开始。"),
    STORAGE_DOWN(
            "⚠️ My storage (Redis) is unavailable right now, so I can't answer. Please try again in a moment.",
            "⚠️ 存储服务（Redis）暂时不可用，无法回答。请稍后再试。"),
    STORAGE_DOWN_KEPT(
            "⏳ My storage (Redis) is unavailable right now. I've kept your message and will answer it as soon as"
                    + " storage is back, so the answer will be late.",
            "⏳ 存储服务（Redis）暂时不可用。你的消息已保留，存储恢复后会立即回答，回复会有所延迟。"),
    STORAGE_DOWN_NOT_KEPT(
            "⚠️ My storage (Redis) is unavailable and too many messages are already waiting, so I could not keep"
                    + " this one. Please send it again later.",
            "⚠️ 存储服务（Redis）暂时不可用，且等待中的消息过多，这条消息未能保留。请稍后重新发送。"),
    ERROR_AUTH(
            "⚠️ The AI gateway rejected the bot's API key. Please tell the bot's owner.",
            "⚠️ AI 网关拒绝了机器人的 API 密钥，请联系管理员。"),
    ERROR_RATE_LIMITED(
            "⚠️ The AI gateway is rate limiting requests. Please try again shortly (/retry).",
            "⚠️ AI 网关请求过于频繁，请稍后再试（/retry）。"),
    ERROR_TIMEOUT("⚠️ The AI gateway stopped responding. Try again with /retry.", "⚠️ AI 网关响应超时。可发送 /retry 重试。"),
    ERROR_UNREACHABLE(
            "⚠️ The AI gateway cannot be reached. Try again later with /retry.", "⚠️ 无法连接 AI 网关，请稍后用 /retry 重试。"),
    ERROR_STREAM_CUT(
            "⚠️ The answer was cut off by the AI gateway. Try again with /retry.", "⚠️ 回答被 AI 网关中断。可发送 /retry 重试。"),
    ERROR_GATEWAY("⚠️ The AI gateway returned an error: %s. Try again with /retry.", "⚠️ AI 网关返回错误：%s。可发送 /retry 重试。"),
    ANSWER_EMPTY(
            "🤷 The model returned an empty answer. Content filters and reasoning models that only think do this. Try rephrasing, or /retry.",
            "🤷 模型返回了空回答（内容过滤或只输出思考过程的推理模型会这样）。请换个说法，或发送 /retry 重试。"),
    ANSWER_EMPTY_FILTERED(
            "🚫 The model returned no answer: a content filter withheld it. Try rephrasing.",
            "🚫 模型没有返回回答：内容被过滤器拦截了。请换个说法。"),
    ANSWER_EMPTY_AT_LENGTH(
            "🤷 The model returned no answer: it reached the length limit before writing any (reasoning models can spend it all on thinking). Try /retry or a simpler question.",
            "🤷 模型没有返回回答：还没开始写就达到了长度上限（推理模型可能把它全用在了思考上）。请发送 /retry 或换个简单些的问题。"),
    ANSWER_CUT_AT_LIMIT(
            "✂️ The answer was cut off here: it reached the length limit of %s tokens. Send \"continue\" for the rest.",
            "✂️ 回答在此处被截断：已达到 %s 个 token 的长度上限。发送“继续”获取剩余内容。"),
    ANSWER_CUT_BY_MODEL(
            "✂️ The answer was cut off here: it reached the model's length limit. Send \"continue\" for the rest.",
            "✂️ 回答在此处被截断：已达到模型的长度上限。发送“继续”获取剩余内容。"),
    IMAGINE_USAGE("Describe the picture: `/imagine a red fox in snow --ar 16:9`", "请描述画面：`/imagine 雪中的红狐狸 --ar 16:9`"),
    IMAGINE_NOT_CONFIGURED("Drawing with Midjourney is not set up on this bot.", "此机器人未配置 Midjourney 绘图。"),
    IMAGINE_SUBMITTED("🎨 Submitted: %s\n⏳ Waiting to start…", "🎨 已提交：%s\n⏳ 等待开始…"),
    IMAGINE_QUEUED("🎨 Queued: %s\n⏳ Position in queue: %s", "🎨 排队中：%s\n⏳ 队列位置：%s"),
    IMAGINE_EXISTS("🎨 This task already exists: %s\n⏳ Watching it…", "🎨 任务已存在：%s\n⏳ 正在跟踪…"),
    IMAGINE_QUEUE_FULL(
            "⚠️ The drawing queue is full right now. Please try again in a few minutes.", "⚠️ 绘图队列已满，请过几分钟再试。"),
    IMAGINE_BANNED("🚫 The prompt was refused because of a banned word: %s", "🚫 提示词包含违禁词，已被拒绝：%s"),
    IMAGINE_REJECTED("⚠️ The Midjourney proxy refused the job (code %s): %s", "⚠️ Midjourney 代理拒绝了任务（代码 %s）：%s"),
    IMAGINE_PROXY_ERROR(
            "⚠️ The Midjourney proxy is not working right now (%s). Please try again later.",
            "⚠️ Midjourney 代理暂时不可用（%s），请稍后再试。"),
    IMAGINE_WAITING("🎨 %s\n⏳ Waiting to start…", "🎨 %s\n⏳ 等待开始…"),
    IMAGINE_PROGRESS("🎨 %s\n%s %s%%", "🎨 %s\n%s %s%%"),
    IMAGINE_DONE("✅ Done: %s", "✅ 完成：%s"),
    IMAGINE_CAPTION("🖼 %s\nU = upscale · V = variations · 🔄 = redo", "🖼 %s\nU = 放大 · V = 变体 · 🔄 = 重新生成"),
    IMAGINE_FAILED("❌ The drawing failed: %s", "❌ 绘图失败：%s"),
    IMAGINE_CANCELLED("⏹ The drawing was cancelled.", "⏹ 绘图已取消。"),
    IMAGINE_STUCK(
            "⌛ The drawing made no progress for %s minutes, so I stopped waiting. Please try again.",
            "⌛ 绘图 %s 分钟没有进展，已停止等待。请重试。"),
    IMAGINE_LOST("⚠️ The Midjourney proxy no longer knows this task. Please try again.", "⚠️ Midjourney 代理找不到该任务，请重试。"),
    IMAGINE_DOWNLOAD_FAILED(
            "⚠️ The picture is ready but I could not download it. Open it here: %s", "⚠️ 图片已生成，但下载失败。请点此查看：%s"),
    BUTTON_WORKING("⏳ On it…", "⏳ 处理中…"),
    BUTTON_EXPIRED("This button has expired. Start a new drawing with /imagine.", "此按钮已过期，请用 /imagine 重新绘图。"),
    BUTTON_FOREIGN("Only the person who started this drawing can use its buttons.", "只有发起该绘图的用户可以使用这些按钮。"),
    BUTTON_ALREADY_PRESSED("Already done: this button was pressed before.", "该按钮已经按过了。"),
    BLOCKED("Sorry, you have been blocked from using this bot.", "抱歉，你已被禁止使用此机器人。"),
    LIMIT_MESSAGE_TOO_LONG(
            "✂️ Your message is too long (%s characters; the limit is %s). Please shorten it.",
            "✂️ 消息过长（%s 个字符，上限 %s）。请精简后再发。"),
    LIMIT_CONTEXT_TOO_LONG(
            "✂️ Your message is too long for the model's context (about %s tokens; at most %s). Please shorten it.",
            "✂️ 消息超出模型上下文长度（约 %s 个 token，上限 %s）。请精简后再发。"),
    LIMIT_RATE(
            "⏳ You're sending messages too fast (limit: %s per minute). Try again in %s.",
            "⏳ 发送过于频繁（每分钟最多 %s 条）。请在 %s 后再试。"),
    LIMIT_TOKENS(
            "📊 You've used today's budget of %s tokens. It resets at 00:00 UTC, in %s.",
            "📊 今日 %s 个 token 的额度已用完，将于 UTC 00:00（%s 后）重置。"),
    LIMIT_IMAGES(
            "🎨 You've used today's %s drawing jobs. They reset at 00:00 UTC, in %s.",
            "🎨 今日 %s 次绘图额度已用完，将于 UTC 00:00（%s 后）重置。"),
    USAGE("""
            📊 **Your usage today** (UTC)
            Messages: %s (at most %s per minute)
            Tokens: %s in, %s out — %s
            Drawing jobs: %s of %s
            Daily limits reset in %s.""", """
            📊 **今日用量**（UTC）
            消息：%s 条（每分钟最多 %s 条）
            Token：输入 %s，输出 %s — %s
            绘图：%s / %s 次
            每日额度将在 %s 后重置。"""),
    USAGE_TOKENS_LEFT("%s of %s left", "剩余 %s / %s"),
    USAGE_UNLIMITED("no daily limit", "不限量"),
    STATS("""
            📈 **Today** (UTC)
            Users: %s · messages: %s · refused: %s
            Tokens: %s in, %s out · drawing jobs: %s
            Blocked users: %s · messages set aside: %s

            **Top users by tokens**
            %s""", """
            📈 **今日统计**（UTC）
            用户：%s · 消息：%s · 被拒绝：%s
            Token：输入 %s，输出 %s · 绘图：%s 次
            已封禁用户：%s · 已搁置的消息：%s

            **Token 用量排行**
            %s"""),
    ADMIN_ONLY("Only the bot's admins can use this command.", "只有管理员可以使用此命令。"),
    ALLOW_USAGE("Usage: `/allow <user id>`", "用法：`/allow <用户 ID>`"),
    BLOCK_USAGE("Usage: `/block <user id>`", "用法：`/block <用户 ID>`"),
    ALLOWED_USER("✅ User `%s` may use the bot now.", "✅ 用户 `%s` 现在可以使用机器人。"),
    BLOCKED_USER("🚫 User `%s` is blocked.", "🚫 用户 `%s` 已被封禁。"),
    BLOCK_ADMIN_REFUSED("User `%s` is an admin and cannot be blocked.", "用户 `%s` 是管理员，无法封禁。"),
    LIMIT_USAGE(
            "Usage: `/limit <user id> <messages|tokens|images> <number|default>` (0 = unlimited)",
            "用法：`/limit <用户 ID> <messages|tokens|images> <数量|default>`（0 表示不限）"),
    LIMIT_SET("✅ Limit `%s` for user `%s` set to %s.", "✅ 用户 `%2$s` 的 `%1$s` 限额已设为 %3$s。"),
    LIMIT_CLEARED("✅ Limit `%s` for user `%s` is back to the default.", "✅ 用户 `%2$s` 的 `%1$s` 限额已恢复默认。"),
    ERROR_CIRCUIT_OPEN(
            "⚠️ The AI gateway keeps failing, so I've paused requests to it. Please try again in %s (/retry).",
            "⚠️ AI 网关持续出错，已暂停向其发送请求。请在 %s 后重试（/retry）。"),
    MODELS_PICK("**Models** — tap one to switch (yours: `%s`)", "**可用模型** — 点击即可切换（当前：`%s`）"),
    MODELS_PICK_MORE(
            "Showing %s of %s models; switch to any other with `/model <name>`.",
            "仅显示 %s / %s 个模型；其他模型请用 `/model <名称>` 切换。"),
    MODEL_BUTTON_GONE("The gateway no longer offers that model. Send /models again.", "网关已不再提供该模型，请重新发送 /models。"),
    IMAGE_USAGE("Describe the picture: `/image a lighthouse at dawn, watercolor`", "请描述画面：`/image 黎明时的灯塔，水彩风格`"),
    IMAGE_DRAWING("🎨 Drawing: %s…", "🎨 正在绘制：%s…"),
    IMAGE_DONE("✅ Drawn: %s", "✅ 已绘制：%s"),
    IMAGE_CAPTION("🎨 %s", "🎨 %s"),
    IMAGE_REFUSED("🚫 The image service refused this prompt: %s", "🚫 图像服务拒绝了该提示词：%s"),
    IMAGE_SERVICE_DOWN(
            "⚠️ The image service is not working right now (%s). Please try again later.", "⚠️ 图像服务暂时不可用（%s），请稍后再试。"),
    IMAGE_NOT_SUPPORTED(
            "⚠️ This gateway has no images API (neither /v1/images/generations nor /v1/images/generate).",
            "⚠️ 该网关没有图像接口（/v1/images/generations 和 /v1/images/generate 都不存在）。"),
    IMAGE_TOO_LARGE(
            "⚠️ %s is too large: I read images up to %s MB. Please send a smaller one.",
            "⚠️ %s 太大了：图片最大 %s MB，请发送更小的图片。"),
    IMAGE_UNSUPPORTED(
            "⚠️ I can't read %s. Send a photo, or a PNG, JPEG, WebP or GIF image.",
            "⚠️ 无法读取 %s。请发送照片，或 PNG、JPEG、WebP、GIF 格式的图片。"),
    IMAGE_DOWNLOAD_FAILED("⚠️ I could not download %s from the chat. Please send it again.", "⚠️ 无法从聊天中下载 %s，请重新发送。"),
    IMAGE_LINK_REFUSED(
            "🚫 I did not open the image link %s: it points at a private or internal address, and I only fetch links to public sites.",
            "🚫 没有打开图片链接 %s：它指向私有或内部地址，机器人只获取公网网站的链接。"),
    IMAGE_LINK_FAILED("⚠️ I could not download the image link %s (%s).", "⚠️ 无法下载图片链接 %s（%s）。"),
    IMAGE_LINKS_CAPPED("ℹ️ I looked at the first %s image links only.", "ℹ️ 只查看了前 %s 个图片链接。"),
    IMAGE_TOO_MANY("⚠️ That's too many images for one question: at most %s, please.", "⚠️ 一个问题最多附带 %s 张图片。"),
    IMAGES_OVER_BUDGET(
            "ℹ️ The images of one question may add up to %s MB, so I left out %s of them and looked at the other %s.",
            "ℹ️ 一个问题的图片合计最多 %s MB，因此略过了其中 %s 张，只查看了其余 %s 张。"),
    IMAGES_BUSY(
            "⏳ I'm looking at too many pictures for other people right now. Please send yours again in a minute.",
            "⏳ 当前正在为其他用户处理的图片太多，请一分钟后重新发送。"),
    IMAGE_DEFAULT_QUESTION("What is in this picture?", "这张图片里有什么？"),
    IMAGE_REJECTED_BY_MODEL(
            "⚠️ The AI gateway did not accept the image (%s). Try another image; if this keeps happening, the model may not read images (the bot's owner can set VISION_MODEL).",
            "⚠️ AI 网关没有接受这张图片（%s）。请换一张图片；如果一直这样，可能是模型不支持图片（管理员可设置 VISION_MODEL）。"),
    TOOL_CALLING("🔧 calling %s…", "🔧 正在调用 %s…"),
    TOOL_FAILED("⚠️ Tool error: %s", "⚠️ 工具出错：%s"),
    TOOL_IMAGE_NOT_SENT("⚠️ A picture was drawn but could not be sent: %s", "⚠️ 图片已生成，但发送失败：%s"),
    TOOL_ROUNDS_EXCEEDED(
            "⚠️ I stopped after %s rounds of tool calls without a final answer. Try rephrasing, or /retry.",
            "⚠️ 已连续调用工具 %s 轮仍未得到答案，已停止。请换个说法或发送 /retry。");

    private final String english;
    private final String chinese;

    Text(String english, String chinese) {
        this.english = english;
        this.chinese = chinese;
    }

    public String in(Language language, Object... args) {
        String template = language == Language.ZH ? chinese : english;
        return args.length == 0 ? template : template.formatted(args);
    }
}
