package dev.chatbridge.core.net;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PublicAddressesTest {

    @ParameterizedTest
    @ValueSource(
            strings = {
                "127.0.0.1",
                "127.1.2.3",
                "0.0.0.0",
                "10.0.0.1",
                "172.16.0.1",
                "172.31.255.255",
                "192.168.1.1",
                "169.254.169.254",
                "100.64.0.1",
                "100.100.100.200",
                "192.0.0.1",
                "192.0.2.1",
                "198.18.0.1",
                "198.51.100.7",
                "203.0.113.9",
                "224.0.0.1",
                "240.0.0.1",
                "255.255.255.255",
                "::",
                "::1",
                "fe80::1",
                "fc00::1",
                "fd00:ec2::254",
                "fec0::1",
                "ff02::1",
                "2001:db8::1",
                "::ffff:127.0.0.1",
                "::ffff:169.254.169.254",
                "::ffff:10.1.2.3",
                "::127.0.0.1",
                "64:ff9b::a9fe:a9fe",
                "2002:7f00:1::",
                "2002:a00:1::"
            })
    void refusesPrivateReservedAndEmbeddedPrivateAddresses(String address) throws Exception {
        assertThat(AddressPolicy.publicOnly().permits(InetAddress.getByName(address)))
                .isFalse();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "8.8.8.8",
                "1.1.1.1",
                "172.32.0.1",
                "100.128.0.1",
                "2606:4700:4700::1111",
                "::ffff:8.8.8.8",
                "2002:808:808::"
            })
    void permitsPublicAddresses(String address) throws Exception {
        assertThat(AddressPolicy.publicOnly().permits(InetAddress.getByName(address)))
                .isTrue();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "127.0.0.1",
                "0.0.0.0",
                "169.254.169.254",
                "100.100.100.200",
                "::",
                "::1",
                "fe80::1",
                "fd00:ec2::254",
                "::ffff:127.0.0.1",
                "::ffff:169.254.169.254",
                "64:ff9b::a9fe:a9fe",
                "2002:7f00:1::",
                "224.0.0.1"
            })
    void aServicesRedirectNeverReachesThisMachineLinkLocalOrMetadata(String address) throws Exception {
        assertThat(AddressPolicy.noLoopbackLinkLocalOrMetadata().permits(InetAddress.getByName(address)))
                .isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"8.8.8.8", "10.0.0.5", "192.168.1.20", "172.16.3.4", "fd12::5", "2606:4700::1111"})
    void aServicesRedirectMayReachPublicAndClusterInternalStores(String address) throws Exception {
        assertThat(AddressPolicy.noLoopbackLinkLocalOrMetadata().permits(InetAddress.getByName(address)))
                .isTrue();
    }
}
