package com.ostcharts.gateway;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.netty.util.NetUtil;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;

/**
 * Who a request comes from, as a small key: an IPv4 address as itself, an IPv6 address by its /64 (a host commonly
 * holds a whole /64, so per-address limits would not hold it). Behind {@code trustedProxies} proxies, each appending the
 * address it saw to {@code X-Forwarded-For}, the client is the entry that many from the end: the one the outermost
 * trusted proxy wrote. Entries before it were written by the client itself and are never believed. A request without
 * the header, or whose entry is not an IP address, is the connection's own remote address.
 */
final class ClientKeys {

    static final String FORWARDED_FOR = "X-Forwarded-For";
    /** IPv4 keys carry this in their upper half: an IPv6 multicast prefix (ffff:ffff::/32), never a client's. */
    private static final long IPV4 = 0xFFFF_FFFF_0000_0000L;

    private final int trustedProxies;

    ClientKeys(int trustedProxies) {
        this.trustedProxies = trustedProxies;
    }

    Object of(HttpRequest<?> request) {
        return of(readsForwardedFor() ? request.getHeaders().getAll(FORWARDED_FOR) : List.of(), request.getRemoteAddress());
    }

    /** Whether the key depends on {@code X-Forwarded-For} (there are trusted proxies). */
    boolean readsForwardedFor() {
        return trustedProxies > 0;
    }

    /** As {@link #of(HttpRequest)}, from the request's {@code X-Forwarded-For} headers and the connection's remote address. */
    Object of(List<String> forwardedFor, InetSocketAddress remote) {
        if (trustedProxies > 0) {
            Long forwarded = forwarded(forwardedFor);
            if (forwarded != null) {
                return forwarded;
            }
        }
        InetAddress address = remote.getAddress();
        return address == null ? remote.getHostString() : key(address);
    }

    /** The entry {@code trustedProxies} from the end (the first entry if there are fewer), as a key; null if none or not an address. */
    @Nullable
    Long forwarded(List<String> headers) {
        if (headers.isEmpty()) {
            return null;
        }
        String joined = headers.size() == 1 ? headers.getFirst() : String.join(",", headers);
        String[] hops = joined.split(",");
        String hop = hops[Math.max(0, hops.length - trustedProxies)].strip();
        byte[] address = NetUtil.createByteArrayFromIpAddressString(hop); // a literal only: never a name to resolve
        return address == null ? null : key(address);
    }

    static long key(InetAddress address) {
        return key(address.getAddress());
    }

    private static long key(byte[] bytes) {
        long key = 0;
        for (int i = 0; i < Math.min(8, bytes.length); i++) {
            key = key << 8 | (bytes[i] & 0xFF);
        }
        return bytes.length == 4 ? IPV4 | key : key;
    }
}
