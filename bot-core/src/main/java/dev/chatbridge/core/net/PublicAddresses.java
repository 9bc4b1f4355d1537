package dev.chatbridge.core.net;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import org.jspecify.annotations.Nullable;

/**
 * Tells public unicast addresses from those a server-side fetch must never reach: loopback,
 * private (RFC 1918), link-local (incl. the cloud metadata address 169.254.169.254), carrier-grade
 * NAT (incl. Alibaba's metadata 100.100.100.200), "this network", documentation and reserved
 * ranges, broadcast and multicast; for IPv6 also unique-local fc00::/7 (incl. AWS's fd00:ec2::254),
 * site-local, and IPv4 addresses embedded in IPv6 (mapped ::ffff:0:0/96, compatible ::/96, NAT64
 * 64:ff9b::/96, 6to4 2002::/16), which are judged by the IPv4 address inside.
 */
final class PublicAddresses {

    private PublicAddresses() {}

    static boolean isPublic(InetAddress address) {
        if (address.isAnyLocalAddress()
                || address.isLoopbackAddress()
                || address.isLinkLocalAddress()
                || address.isSiteLocalAddress()
                || address.isMulticastAddress()) {
            return false;
        }
        byte[] bytes = address.getAddress();
        return switch (address) {
            case Inet4Address v4 -> isPublicV4(bytes);
            case Inet6Address v6 -> isPublicV6(bytes);
            default -> false;
        };
    }

    /**
     * What a link from the operator's own services (gateway, Midjourney proxy) may be redirected to:
     * anything but this machine (loopback, "this network"), link-local (incl. 169.254.169.254) and
     * the other cloud metadata addresses (100.100.100.200, fd00:ec2::254), and multicast. Private
     * ranges stay reachable: such services often keep their files on a cluster-internal store.
     */
    static boolean isOutsideHostAndMetadata(InetAddress address) {
        if (address.isAnyLocalAddress()
                || address.isLoopbackAddress()
                || address.isLinkLocalAddress()
                || address.isMulticastAddress()) {
            return false;
        }
        byte[] b = address.getAddress();
        byte[] v4 = b.length == 4 ? b : embeddedV4(b);
        if (v4 == null) {
            return !(b[0] == (byte) 0xfd
                    && b[1] == 0
                    && b[2] == (byte) 0x0e
                    && b[3] == (byte) 0xc2
                    && isZero(b, 4, 14)
                    && b[14] == 0x02
                    && b[15] == 0x54);
        }
        int a0 = v4[0] & 0xff;
        int a1 = v4[1] & 0xff;
        return !(a0 == 0
                || a0 == 127
                || a0 == 169 && a1 == 254
                || a0 == 100 && a1 == 100 && (v4[2] & 0xff) == 100 && (v4[3] & 0xff) == 200
                || a0 >= 224);
    }

    /** The IPv4 address inside an IPv6 one (mapped, compatible, NAT64, 6to4), or null. */
    private static byte @Nullable [] embeddedV4(byte[] b) {
        if ((b[0] & 0xff) == 0x20 && (b[1] & 0xff) == 0x02) {
            return new byte[] {b[2], b[3], b[4], b[5]};
        }
        boolean firstTenZero = isZero(b, 0, 10);
        boolean mapped = firstTenZero && (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff;
        boolean compatible = firstTenZero && b[10] == 0 && b[11] == 0;
        boolean nat64 = (b[0] & 0xff) == 0x00
                && (b[1] & 0xff) == 0x64
                && (b[2] & 0xff) == 0xff
                && (b[3] & 0xff) == 0x9b
                && isZero(b, 4, 12);
        return mapped || compatible || nat64 ? new byte[] {b[12], b[13], b[14], b[15]} : null;
    }

    private static boolean isPublicV4(byte[] b) {
        int a0 = b[0] & 0xff;
        int a1 = b[1] & 0xff;
        int a2 = b[2] & 0xff;
        return !(a0 == 0 // "this network"
                || a0 == 10
                || a0 == 127
                || a0 == 100 && (a1 & 0xc0) == 64 // 100.64.0.0/10 carrier-grade NAT
                || a0 == 169 && a1 == 254
                || a0 == 172 && (a1 & 0xf0) == 16
                || a0 == 192 && a1 == 168
                || a0 == 192 && a1 == 0 && (a2 == 0 || a2 == 2) // IETF protocol assignments, TEST-NET-1
                || a0 == 198 && (a1 == 18 || a1 == 19) // benchmarking
                || a0 == 198 && a1 == 51 && a2 == 100 // TEST-NET-2
                || a0 == 203 && a1 == 0 && a2 == 113 // TEST-NET-3
                || a0 >= 224); // multicast, reserved, broadcast
    }

    private static boolean isPublicV6(byte[] b) {
        if ((b[0] & 0xfe) == 0xfc) { // fc00::/7 unique local
            return false;
        }
        if ((b[0] & 0xff) == 0x20 && (b[1] & 0xff) == 0x01 && (b[2] & 0xff) == 0x0d && (b[3] & 0xff) == 0xb8) {
            return false; // 2001:db8::/32 documentation
        }
        if ((b[0] & 0xff) == 0x20 && (b[1] & 0xff) == 0x02) { // 6to4: the IPv4 address is in bytes 2..5
            return isPublicV4(new byte[] {b[2], b[3], b[4], b[5]});
        }
        boolean firstTenZero = true;
        for (int i = 0; i < 10; i++) {
            firstTenZero &= b[i] == 0;
        }
        boolean mapped = firstTenZero && (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff;
        boolean compatible = firstTenZero && b[10] == 0 && b[11] == 0;
        boolean nat64 = (b[0] & 0xff) == 0x00
                && (b[1] & 0xff) == 0x64
                && (b[2] & 0xff) == 0xff
                && (b[3] & 0xff) == 0x9b
                && isZero(b, 4, 12);
        if (mapped || compatible || nat64) {
            return isPublicV4(new byte[] {b[12], b[13], b[14], b[15]});
        }
        return true;
    }

    private static boolean isZero(byte[] bytes, int from, int to) {
        for (int i = from; i < to; i++) {
            if (bytes[i] != 0) {
                return false;
            }
        }
        return true;
    }
}
