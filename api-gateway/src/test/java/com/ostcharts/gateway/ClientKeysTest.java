package com.ostcharts.gateway;

import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Who a request comes from: X-Forwarded-For believed only as far as the configured proxies wrote it. */
class ClientKeysTest {

    @Test
    void behindOneProxyTheClientIsTheLastEntryWhateverTheClientWroteBeforeIt() throws Exception {
        ClientKeys oneProxy = new ClientKeys(1);
        assertThat(oneProxy.forwarded(List.of("203.0.113.7"))).isEqualTo(ClientKeys.key(InetAddress.getByName("203.0.113.7")));
        assertThat(oneProxy.forwarded(List.of("1.2.3.4, 203.0.113.7"))).as("a forged first entry is ignored")
                .isEqualTo(ClientKeys.key(InetAddress.getByName("203.0.113.7")));
        assertThat(oneProxy.forwarded(List.of("1.2.3.4", "203.0.113.7"))).as("the header repeated is one list")
                .isEqualTo(ClientKeys.key(InetAddress.getByName("203.0.113.7")));
    }

    @Test
    void behindTwoProxiesTheClientIsTheEntryTheOuterOneWrote() throws Exception {
        ClientKeys twoProxies = new ClientKeys(2);
        assertThat(twoProxies.forwarded(List.of("1.2.3.4, 198.51.100.9, 10.0.0.5")))
                .isEqualTo(ClientKeys.key(InetAddress.getByName("198.51.100.9")));
        assertThat(twoProxies.forwarded(List.of("198.51.100.9"))).as("fewer entries than proxies: the first")
                .isEqualTo(ClientKeys.key(InetAddress.getByName("198.51.100.9")));
    }

    @Test
    void anEntryThatIsNotAnAddressIsNoClientAndNeverLookedUp() {
        ClientKeys oneProxy = new ClientKeys(1);
        assertThat(oneProxy.forwarded(List.of("unknown"))).isNull();
        assertThat(oneProxy.forwarded(List.of("localhost"))).isNull();
        assertThat(oneProxy.forwarded(List.of())).isNull();
    }

    @Test
    void anIpv6ClientIsItsSlash64AndNeverCollidesWithAnIpv4One() throws Exception {
        assertThat(ClientKeys.key(InetAddress.getByName("2001:db8:1:2::1"))).isEqualTo(ClientKeys.key(InetAddress.getByName("2001:db8:1:2:ffff::9")));
        assertThat(ClientKeys.key(InetAddress.getByName("2001:db8:1:2::1"))).isNotEqualTo(ClientKeys.key(InetAddress.getByName("2001:db8:1:3::1")));
        assertThat(ClientKeys.key(InetAddress.getByName("0.0.0.1"))).isNotEqualTo(ClientKeys.key(InetAddress.getByName("::1")));
        assertThat(ClientKeys.key(InetAddress.getByName("10.0.0.1"))).isNotEqualTo(ClientKeys.key(InetAddress.getByName("10.0.0.2")));
    }
}
