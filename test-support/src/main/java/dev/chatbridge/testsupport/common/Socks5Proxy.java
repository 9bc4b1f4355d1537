package dev.chatbridge.testsupport.common;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;

/**
 * A SOCKS5 proxy (RFC 1928): CONNECT only, to a domain name (resolved by the proxy's own name table) or an address.
 * Without credentials it offers "no authentication"; with {@link #requireCredentials} only user name and password
 * (RFC 1929), and refuses a client that offers nothing else.
 */
public final class Socks5Proxy extends CountingProxy {

    private static final int NO_AUTH = 0x00;
    private static final int USER_PASSWORD = 0x02;
    private static final int NO_ACCEPTABLE = 0xFF;

    @Override
    public String url(@Nullable String user, @Nullable String password) {
        return "socks5://" + (user == null ? "" : user + ":" + password + "@") + "127.0.0.1:" + port();
    }

    @Override
    protected void serve(Socket client) throws IOException {
        DataInputStream in = new DataInputStream(client.getInputStream());
        OutputStream out = client.getOutputStream();
        if (in.readUnsignedByte() != 5) {
            closeQuietly(client);
            return;
        }
        int count = in.readUnsignedByte();
        boolean offersNone = false;
        boolean offersPassword = false;
        for (int i = 0; i < count; i++) {
            int method = in.readUnsignedByte();
            offersNone |= method == NO_AUTH;
            offersPassword |= method == USER_PASSWORD;
        }
        if (credentialsRequired()) {
            if (!offersPassword) {
                accepts(null, null); // counted as refused
                out.write(new byte[] {5, (byte) NO_ACCEPTABLE});
                out.flush();
                closeQuietly(client);
                return;
            }
            out.write(new byte[] {5, USER_PASSWORD});
            out.flush();
            in.readUnsignedByte(); // sub-negotiation version 1
            String user = new String(in.readNBytes(in.readUnsignedByte()), StandardCharsets.UTF_8);
            String password = new String(in.readNBytes(in.readUnsignedByte()), StandardCharsets.UTF_8);
            boolean ok = accepts(user, password);
            out.write(new byte[] {1, (byte) (ok ? 0 : 1)});
            out.flush();
            if (!ok) {
                closeQuietly(client);
                return;
            }
        } else {
            if (!offersNone) {
                out.write(new byte[] {5, (byte) NO_ACCEPTABLE});
                out.flush();
                closeQuietly(client);
                return;
            }
            out.write(new byte[] {5, NO_AUTH});
            out.flush();
        }
        in.readUnsignedByte(); // version
        int command = in.readUnsignedByte();
        in.readUnsignedByte(); // reserved
        int addressType = in.readUnsignedByte();
        String host = switch (addressType) {
            case 1 -> InetAddress.getByAddress(in.readNBytes(4)).getHostAddress();
            case 3 -> new String(in.readNBytes(in.readUnsignedByte()), StandardCharsets.US_ASCII);
            case 4 -> InetAddress.getByAddress(in.readNBytes(16)).getHostAddress();
            default -> "";
        };
        int port = in.readUnsignedShort();
        Socket upstream = command == 1 ? connect(host, port) : null;
        if (upstream == null) {
            // 4: host unreachable (7: command not supported)
            out.write(new byte[] {5, (byte) (command == 1 ? 4 : 7), 0, 1, 0, 0, 0, 0, 0, 0});
            out.flush();
            closeQuietly(client);
            return;
        }
        out.write(new byte[] {5, 0, 0, 1, 127, 0, 0, 1, 0, 0});
        out.flush();
        pipe(client, upstream, in);
    }
}
