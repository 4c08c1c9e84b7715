package com.ostcharts.gateway;

import io.micronaut.context.annotation.Requires;
import io.micronaut.context.event.BeanCreatedEvent;
import io.micronaut.context.event.BeanCreatedEventListener;
import io.micronaut.http.server.netty.NettyServerCustomizer;
import io.netty.channel.Channel;
import jakarta.inject.Singleton;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * At most {@code ost.gateway.max-connections} connections open at once: one more is closed as soon as it is accepted,
 * before anything of it is read. Netty has no such bound of its own, and every open connection holds memory (its
 * channel, its pipeline, its buffers), so without one a flood of connections could take the heap.
 */
@Singleton
@Requires(beans = NettyServerCustomizer.Registry.class)
final class ConnectionCap implements BeanCreatedEventListener<NettyServerCustomizer.Registry>, NettyServerCustomizer {

    private final AtomicInteger open = new AtomicInteger();
    private final AtomicLong refused = new AtomicLong();
    private final int max;

    ConnectionCap(GatewayConfig config) {
        this.max = config.maxConnections();
    }

    @Override
    public NettyServerCustomizer.Registry onCreated(BeanCreatedEvent<NettyServerCustomizer.Registry> event) {
        event.getBean().register(this);
        return event.getBean();
    }

    @Override
    public NettyServerCustomizer specializeForChannel(Channel channel, ChannelRole role) {
        if (role == ChannelRole.CONNECTION) {
            boolean over = open.incrementAndGet() > max;
            channel.closeFuture().addListener(closed -> open.decrementAndGet());
            if (over) {
                refused.incrementAndGet();
                channel.close();
            }
        }
        return this;
    }

    int open() {
        return open.get();
    }

    long refused() {
        return refused.get();
    }
}
