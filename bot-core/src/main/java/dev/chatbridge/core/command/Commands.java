package dev.chatbridge.core.command;

import java.util.List;
import java.util.Optional;

/**
 * Every command the bot offers, in menu order. Adding a command means one spec here and one
 * handler in {@link CommandHandler}; the menus, Discord's slash commands and {@code /help} follow.
 */
public final class Commands {

    private static final CommandOption USER_ID =
            CommandOption.required("user", "Discord user id (or @mention)", "Discord 用户 ID（或 @提及）");

    /** All commands, in the order menus and {@code /help} show them. */
    public static final List<CommandSpec> ALL = List.of(
            CommandSpec.of("chat", "Ask the AI", "向 AI 提问")
                    .asQuestion()
                    .queuedInOrder()
                    .options(CommandOption.required("message", "Your question", "你的问题")),
            CommandSpec.of("new", "Start a new conversation", "开始新对话")
                    .aliases("reset", "clear")
                    .queuedInOrder(),
            CommandSpec.of("retry", "Answer the last question again", "重新回答上一个问题")
                    .queuedInOrder(),
            CommandSpec.of("cancel", "Stop the current answer", "停止正在生成的回答").aliases("stop"),
            CommandSpec.of("imagine", "Draw with Midjourney", "用 Midjourney 绘图")
                    .aliases("mj")
                    .options(CommandOption.required(
                            "prompt", "What to draw, e.g. a red fox in snow --ar 16:9", "要画的内容")),
            CommandSpec.of("image", "Draw with the gateway's images API", "用网关的图像接口绘图")
                    .aliases("draw")
                    .options(CommandOption.required("prompt", "What to draw", "要画的内容")),
            CommandSpec.of("model", "Show or switch your model", "查看或切换模型")
                    .queuedInOrder()
                    .options(CommandOption.optional("name", "Model to switch to", "要切换的模型")
                            .autocompleted()),
            CommandSpec.of("models", "List available models", "列出可用模型"),
            CommandSpec.of("system", "Show or set your system prompt", "查看或设置系统提示词")
                    .queuedInOrder()
                    .options(CommandOption.optional("prompt", "The new system prompt, or reset", "新的系统提示词，或 reset")),
            CommandSpec.of("usage", "Your usage today and your limits", "查看今日用量和额度"),
            CommandSpec.of("help", "Help", "帮助"),
            CommandSpec.of("start", "Welcome", "欢迎").unlisted(),
            CommandSpec.of("stats", "(admins) Today's usage, top users", "（管理员）今日用量排行")
                    .forAdmins(),
            CommandSpec.of("allow", "(admins) Let a user use the bot", "（管理员）允许某个用户")
                    .forAdmins()
                    .options(USER_ID),
            CommandSpec.of("block", "(admins) Block a user", "（管理员）封禁某个用户")
                    .forAdmins()
                    .options(USER_ID),
            CommandSpec.of("limit", "(admins) Set a user's limit", "（管理员）设置某个用户的限额")
                    .forAdmins()
                    .options(
                            USER_ID,
                            CommandOption.required("kind", "Which limit", "哪一项限额")
                                    .withChoices("messages", "tokens", "images"),
                            CommandOption.required(
                                    "value", "A number (0 = unlimited) or default", "数量（0 表示不限）或 default")));

    private Commands() {}

    /** The command a name or alias stands for. */
    public static Optional<CommandSpec> find(String word) {
        return ALL.stream().filter(spec -> spec.answersTo(word)).findFirst();
    }

    /** The commands of a chat platform's menu, and of {@code /help}, in order. */
    public static List<CommandSpec> menu() {
        return ALL.stream().filter(CommandSpec::inMenu).toList();
    }

    /** The commands a platform registers as slash commands: every listed one, admin ones included. */
    public static List<CommandSpec> listed() {
        return ALL.stream().filter(CommandSpec::listed).toList();
    }
}
