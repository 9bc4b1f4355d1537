import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The training workload of scripts/aot-train.sh: a Telegram Bot API and an OpenAI-compatible gateway on loopback
 * ports, just enough of both for ChatBridge to answer a few questions the way it answers users, so that the JDK's
 * AOT cache holds the classes and method profiles of the answer path (long polling, the gateway's SSE stream,
 * streaming drafts, the final HTML message) and not only those of the startup. Run with the JDK's source launcher:
 *
 *   java scripts/aot-train-fakes.java PORT_FILE
 *
 * It writes "TELEGRAM_PORT GATEWAY_PORT" to PORT_FILE once both listen, and exits 0 once every question got its
 * finished (HTML) answer, or 1 after two minutes. Only the JDK, no dependencies: the JRE of a container image has
 * no compiler, so there aot-train.sh trains on the startup alone. Nothing here reaches beyond the loopback.
 */
final class AotTrainFakes {

    private static final String ANSWER = """
            Here is a short answer, streamed in small pieces like a model does.

            **Slicing** makes a reversed copy in one step:

            - `items[::-1]` returns a new list, last element first.
            - `list(reversed(items))` copies once.

            ```python
            print(items[::-1])
            ```

            To reverse in place, call `items.reverse()`.""";
    /** Private chats of simulated users, each asking twice (a new conversation, then a continuing one). */
    private static final long[] CHATS = {910_001, 910_002, 910_003};

    private static final int QUESTIONS = CHATS.length * 2;
    private static final Pattern CHAT_ID = Pattern.compile("\"chat_id\"\\s*:\\s*\"?(-?\\d+)");

    private final AtomicInteger nextUpdate = new AtomicInteger(1);
    private final AtomicInteger nextMessage = new AtomicInteger(100);
    private final AtomicBoolean secondRoundQueued = new AtomicBoolean();
    private final Set<Long> answeredFirst = ConcurrentHashMap.newKeySet();
    private final Set<Long> answeredSecond = ConcurrentHashMap.newKeySet();
    private final java.util.concurrent.BlockingQueue<String> updates = new java.util.concurrent.LinkedBlockingQueue<>();
    private final CountDownLatch done = new CountDownLatch(1);

    public static void main(String[] args) throws Exception {
        new AotTrainFakes().run(Path.of(args[0]));
    }

    private void run(Path portFile) throws Exception {
        InetAddress loopback = InetAddress.getLoopbackAddress();
        HttpServer telegram = HttpServer.create(new InetSocketAddress(loopback, 0), 64);
        telegram.createContext("/", this::telegram);
        telegram.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        HttpServer gateway = HttpServer.create(new InetSocketAddress(loopback, 0), 64);
        gateway.createContext("/", this::gateway);
        gateway.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        telegram.start();
        gateway.start();
        for (long chat : CHATS) {
            updates.add(update(chat, "How do I reverse a list in Python?"));
        }
        Path partial = portFile.resolveSibling(portFile.getFileName() + ".tmp");
        Files.writeString(partial, telegram.getAddress().getPort() + " " + gateway.getAddress().getPort() + "\n");
        Files.move(partial, portFile, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        boolean finished = done.await(2, TimeUnit.MINUTES);
        // Up to a second for the exchanges in flight, the last finished answer's reply among them.
        telegram.stop(1);
        gateway.stop(1);
        System.exit(finished ? 0 : 1);
    }

    private void telegram(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            String method = path.substring(path.lastIndexOf('/') + 1).toLowerCase(java.util.Locale.ROOT);
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String result =
                    switch (method) {
                        case "getme" ->
                            "{\"id\":700001,\"is_bot\":true,\"first_name\":\"ChatBridge\",\"username\":\"training_bot\","
                                    + "\"can_join_groups\":true,\"can_read_all_group_messages\":false,"
                                    + "\"supports_inline_queries\":false}";
                        case "getupdates" -> pollUpdates();
                        case "sendmessage", "editmessagetext" -> sent(method, body);
                        case "getchatmember" ->
                            "{\"status\":\"member\",\"user\":{\"id\":1,\"is_bot\":false,\"first_name\":\"T\"}}";
                        default -> "true";
                    };
            respond(exchange, "application/json", "{\"ok\":true,\"result\":" + result + "}");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Long polling: the queued updates at once, else an empty list after a short wait. */
    private String pollUpdates() throws InterruptedException {
        String first = updates.poll(1, TimeUnit.SECONDS);
        if (first == null) {
            return "[]";
        }
        StringBuilder list = new StringBuilder("[").append(first);
        for (String more; (more = updates.poll()) != null; ) {
            list.append(',').append(more);
        }
        return list.append(']').toString();
    }

    /** A message the bot sent or edited; a finished answer (HTML) counts toward the end of the workload. */
    private String sent(String method, String body) {
        Matcher chat = CHAT_ID.matcher(body);
        long chatId = chat.find() ? Long.parseLong(chat.group(1)) : CHATS[0];
        System.out.println("training fakes: " + method + " in chat " + chatId + ": "
                + body.substring(0, Math.min(body.length(), 160)).replace('\n', ' '));
        if (body.contains("\"parse_mode\":\"HTML\"") || body.contains("\"parse_mode\":\"html\"")) {
            if (answeredFirst.add(chatId)) {
                updates.add(update(chatId, "And without copying?"));
            } else {
                answeredSecond.add(chatId);
            }
            if (answeredSecond.size() + answeredFirst.size() >= QUESTIONS) {
                done.countDown();
            }
        }
        return "{\"message_id\":" + nextMessage.incrementAndGet() + ",\"date\":" + Instant.now().getEpochSecond()
                + ",\"chat\":{\"id\":" + chatId + ",\"type\":\"private\",\"first_name\":\"Training\"},"
                + "\"from\":{\"id\":700001,\"is_bot\":true,\"first_name\":\"ChatBridge\"},\"text\":\"...\"}";
    }

    private String update(long chatId, String text) {
        int id = nextUpdate.getAndIncrement();
        return "{\"update_id\":" + id + ",\"message\":{\"message_id\":" + id + ",\"date\":"
                + Instant.now().getEpochSecond() + ",\"chat\":{\"id\":" + chatId
                + ",\"type\":\"private\",\"first_name\":\"Training\"},\"from\":{\"id\":" + chatId
                + ",\"is_bot\":false,\"first_name\":\"Training\",\"language_code\":\"en\"},\"text\":\"" + text + "\"}}";
    }

    private void gateway(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            if (path.endsWith("/models")) {
                respond(
                        exchange,
                        "application/json",
                        "{\"object\":\"list\",\"data\":[{\"id\":\"gpt-4o\",\"object\":\"model\",\"created\":1715367049,"
                                + "\"owned_by\":\"openai\"},{\"id\":\"gpt-4o-mini\",\"object\":\"model\","
                                + "\"created\":1715367049,\"owned_by\":\"openai\"}]}");
            } else if (path.endsWith("/chat/completions") && body.matches("(?s).*\"stream\"\\s*:\\s*true.*")) {
                stream(exchange, body.contains("include_usage"));
            } else if (path.endsWith("/chat/completions")) {
                respond(
                        exchange,
                        "application/json",
                        "{\"id\":\"chatcmpl-training\",\"object\":\"chat.completion\",\"created\":"
                                + Instant.now().getEpochSecond() + ",\"model\":\"gpt-4o\",\"choices\":[{\"index\":0,"
                                + "\"message\":{\"role\":\"assistant\",\"content\":\"A short title\"},"
                                + "\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":20,"
                                + "\"completion_tokens\":4,\"total_tokens\":24}}");
            } else {
                exchange.sendResponseHeaders(404, -1);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The answer as an SSE stream: a role chunk, content in pieces of 6 characters, finish, usage, [DONE]. */
    private void stream(HttpExchange exchange, boolean usage) throws IOException, InterruptedException {
        exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
        exchange.sendResponseHeaders(200, 0);
        OutputStream out = exchange.getResponseBody();
        long created = Instant.now().getEpochSecond();
        String head = "{\"id\":\"chatcmpl-training\",\"object\":\"chat.completion.chunk\",\"created\":" + created
                + ",\"model\":\"gpt-4o\",\"choices\":[{\"index\":0,\"delta\":";
        for (int start = 0; start < ANSWER.length(); start += 6) {
            String piece = ANSWER.substring(start, Math.min(ANSWER.length(), start + 6));
            String role = start == 0 ? "\"role\":\"assistant\"," : "";
            event(out, head + "{" + role + "\"content\":\"" + escape(piece) + "\"},\"finish_reason\":null}]}");
            Thread.sleep(5);
        }
        event(out, head + "{},\"finish_reason\":\"stop\"}]}");
        if (usage) {
            event(
                    out,
                    "{\"id\":\"chatcmpl-training\",\"object\":\"chat.completion.chunk\",\"created\":" + created
                            + ",\"model\":\"gpt-4o\",\"choices\":[],\"usage\":{\"prompt_tokens\":20,"
                            + "\"completion_tokens\":90,\"total_tokens\":110}}");
        }
        event(out, "[DONE]");
    }

    private static void event(OutputStream out, String data) throws IOException {
        out.write(("data: " + data + "\n\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    private static String escape(String text) {
        return text.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }

    private static void respond(HttpExchange exchange, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.sendResponseHeaders(200, bytes.length);
        exchange.getResponseBody().write(bytes);
    }
}
