package dev.chatbridge.testsupport.common;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * An HTTP proxy as clients meet them: {@code CONNECT host:port} opens a tunnel (https, websockets, and what clients
 * tunnel anyway), and a request in absolute form ({@code GET http://host/path}) is forwarded, one request per
 * connection (the proxy adds {@code Connection: close} both ways). With {@link #requireCredentials} it answers 407
 * with {@code Proxy-Authenticate: Basic} until the request carries the right {@code Proxy-Authorization}.
 */
public final class HttpConnectProxy extends CountingProxy {

    @Override
    public String url(@Nullable String user, @Nullable String password) {
        return "http://" + (user == null ? "" : user + ":" + password + "@") + "127.0.0.1:" + port();
    }

    @Override
    protected void serve(Socket client) throws IOException {
        InputStream in = client.getInputStream();
        OutputStream out = client.getOutputStream();
        List<String> head = readHead(in);
        if (head.isEmpty()) {
            closeQuietly(client);
            return;
        }
        String[] requestLine = head.getFirst().split(" ");
        if (requestLine.length != 3) {
            answer(out, "400 Bad Request");
            closeQuietly(client);
            return;
        }
        if (!authorized(head)) {
            answer(out, "407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm=\"test\"");
            closeQuietly(client);
            return;
        }
        if (requestLine[0].equalsIgnoreCase("CONNECT")) {
            String authority = requestLine[1];
            int colon = authority.lastIndexOf(':');
            Socket upstream = connect(authority.substring(0, colon), Integer.parseInt(authority.substring(colon + 1)));
            if (upstream == null) {
                answer(out, "502 Bad Gateway");
                closeQuietly(client);
                return;
            }
            out.write("HTTP/1.1 200 Connection established\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            pipe(client, upstream, in);
            return;
        }
        forward(client, in, out, requestLine, head);
    }

    private void forward(Socket client, InputStream in, OutputStream out, String[] requestLine, List<String> head)
            throws IOException {
        URI target = URI.create(requestLine[1]);
        if (target.getHost() == null) {
            answer(out, "400 Bad Request");
            closeQuietly(client);
            return;
        }
        Socket upstream = connect(target.getHost(), target.getPort() == -1 ? 80 : target.getPort());
        if (upstream == null) {
            answer(out, "502 Bad Gateway");
            closeQuietly(client);
            return;
        }
        String path = target.getRawPath().isEmpty() ? "/" : target.getRawPath();
        if (target.getRawQuery() != null) {
            path += "?" + target.getRawQuery();
        }
        StringBuilder rewritten = new StringBuilder(requestLine[0] + " " + path + " " + requestLine[2] + "\r\n");
        for (String header : head.subList(1, head.size())) {
            String name = header.substring(0, Math.max(0, header.indexOf(':'))).toLowerCase(Locale.ROOT);
            if (!name.startsWith("proxy-") && !name.equals("connection")) {
                rewritten.append(header).append("\r\n");
            }
        }
        rewritten.append("Connection: close\r\n\r\n");
        OutputStream toUpstream = upstream.getOutputStream();
        toUpstream.write(rewritten.toString().getBytes(StandardCharsets.ISO_8859_1));
        toUpstream.flush();
        // The request's body (if any) streams on while the answer is read.
        Thread body = Thread.ofVirtual().start(() -> {
            try {
                in.transferTo(toUpstream);
            } catch (IOException ignored) {
                // closed
            }
        });
        // The answer's head gets Connection: close too, so the client does not send a second request here.
        InputStream fromUpstream = upstream.getInputStream();
        List<String> answerHead = readHead(fromUpstream);
        StringBuilder answer = new StringBuilder();
        for (String line : answerHead) {
            if (!line.toLowerCase(Locale.ROOT).startsWith("connection:")) {
                answer.append(line).append("\r\n");
            }
        }
        answer.append("Connection: close\r\n\r\n");
        try {
            out.write(answer.toString().getBytes(StandardCharsets.ISO_8859_1));
            fromUpstream.transferTo(out);
            out.flush();
        } catch (IOException ignored) {
            // closed
        } finally {
            closeQuietly(upstream);
            closeQuietly(client);
            body.interrupt();
        }
    }

    private boolean authorized(List<String> head) {
        if (!credentialsRequired()) {
            return true;
        }
        for (String header : head) {
            if (header.toLowerCase(Locale.ROOT).startsWith("proxy-authorization:")) {
                String value = header.substring(header.indexOf(':') + 1).strip();
                if (value.regionMatches(true, 0, "Basic ", 0, 6)) {
                    String decoded = new String(
                            Base64.getDecoder().decode(value.substring(6).strip()), StandardCharsets.UTF_8);
                    int colon = decoded.indexOf(':');
                    return accepts(
                            colon < 0 ? decoded : decoded.substring(0, colon),
                            colon < 0 ? "" : decoded.substring(colon + 1));
                }
            }
        }
        return accepts(null, null);
    }

    private static void answer(OutputStream out, String statusAndHeaders) throws IOException {
        out.write(("HTTP/1.1 " + statusAndHeaders + "\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
                .getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    /** Reads a request's or response's head up to the empty line, byte by byte, so nothing of the body is taken. */
    private static List<String> readHead(InputStream in) throws IOException {
        List<String> lines = new ArrayList<>();
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != -1) {
            if (b == '\n') {
                String text = line.toString(StandardCharsets.ISO_8859_1);
                if (text.endsWith("\r")) {
                    text = text.substring(0, text.length() - 1);
                }
                if (text.isEmpty()) {
                    return lines;
                }
                lines.add(text);
                line.reset();
            } else {
                line.write(b);
            }
        }
        return List.of();
    }
}
