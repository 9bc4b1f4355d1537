package dev.chatbridge.core.net;

import java.net.InetAddress;
import java.util.Set;

/** Which resolved addresses a user-supplied URL may reach. */
@FunctionalInterface
public interface AddressPolicy {

    boolean permits(InetAddress address);

    /** Only public unicast addresses: see {@link PublicAddresses} for what is refused. */
    static AddressPolicy publicOnly() {
        return PublicAddresses::isPublic;
    }

    /**
     * For links the operator's own services return and the hosts they redirect to: anything but
     * loopback, link-local and cloud metadata addresses; see {@link PublicAddresses#isOutsideHostAndMetadata}.
     */
    static AddressPolicy noLoopbackLinkLocalOrMetadata() {
        return PublicAddresses::isOutsideHostAndMetadata;
    }

    /** This policy, plus exactly these addresses (a test server standing in for a public host). */
    default AddressPolicy alsoPermitting(InetAddress... addresses) {
        Set<InetAddress> extra = Set.of(addresses);
        return address -> extra.contains(address) || permits(address);
    }
}
