package io.switchboard.bench.loader;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.MultithreadEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollEventLoop;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler;
import io.netty.handler.codec.http.websocketx.WebSocketVersion;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

/**
 * Netty client side: one event loop group, loopback only. The native epoll transport where it loads
 * (as the JVM servers use), else NIO: the loader shares the machine with the server it measures, so
 * the cheaper the receive path, the less it takes from that server.
 */
final class Net implements AutoCloseable {

    final MultithreadEventLoopGroup group;
    private final Bootstrap base;

    Net(int threads) {
        boolean epoll = Epoll.isAvailable();
        group = epoll ? new EpollEventLoopGroup(threads) : new NioEventLoopGroup(threads);
        base = new Bootstrap().group(group).channel(epoll ? EpollSocketChannel.class : NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 10_000);
    }

    /** A new, unregistered client channel of the transport {@code loop} runs (native epoll or NIO). */
    static SocketChannel channelFor(EventLoop loop) {
        return loop instanceof EpollEventLoop ? new EpollSocketChannel() : new NioSocketChannel();
    }

    /** Connects from {@code localAddress} (a 127.0.0.x address, or null for any). */
    Conn connect(Target target, String localAddress, Conn.Listener listener) {
        if (!target.uri().getHost().startsWith("127.") && !target.uri().getHost().equals("localhost")) {
            throw new IllegalArgumentException("the loader only talks to loopback addresses: " + target.uri());
        }
        Conn conn = new Conn(target, listener);
        WebSocketClientProtocolConfig config = WebSocketClientProtocolConfig.newBuilder()
                .webSocketUri(target.uri())
                .version(WebSocketVersion.V13)
                .allowExtensions(false)
                .maxFramePayloadLength(16 << 20)
                .subprotocol(target.subprotocol())
                .handleCloseFrames(true)
                .dropPongFrames(true)
                .handshakeTimeoutMillis(20_000)
                // What the loader checks is in the markers (validating the UTF-8 of every text frame,
                // byte by byte, was most of its CPU at 1 KiB); text frames skip the pipeline anyway.
                .withUTF8Validator(false)
                .build();
        Bootstrap b = base.clone().handler(new ChannelInitializer<SocketChannel>() {
            @Override
            protected void initChannel(SocketChannel ch) {
                ch.pipeline().addLast(new HttpClientCodec(), new HttpObjectAggregator(65536),
                        new WebSocketClientProtocolHandler(FrameReader.handshaker(conn, target.uri(), target.subprotocol(),
                                config.maxFramePayloadLength()), config), conn);
            }
        });
        InetSocketAddress remote = new InetSocketAddress(target.uri().getHost(), target.uri().getPort());
        ChannelFuture f = localAddress == null ? b.connect(remote)
                : b.connect(remote, new InetSocketAddress(localAddress, 0));
        f.addListener(done -> {
            if (!done.isSuccess()) {
                conn.ready.completeExceptionally(done.cause());
                conn.closed.complete(conn);
            } else {
                conn.channel = f.channel();
            }
        });
        return conn;
    }

    /**
     * Opens {@code count} connections spread round-robin over {@code targets} and {@code localAddresses},
     * at most {@code concurrency} handshakes in flight. Returns the connections that became ready.
     */
    List<Conn> connectMany(List<Target> targets, int count, List<String> localAddresses, int concurrency,
            Conn.Listener listener, AtomicInteger failures) throws InterruptedException {
        Semaphore inFlight = new Semaphore(concurrency);
        List<Conn> ok = Collections.synchronizedList(new ArrayList<>(count));
        List<CompletableFuture<Conn>> all = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            inFlight.acquire();
            Target t = targets.get(i % targets.size());
            String local = localAddresses.isEmpty() ? null : localAddresses.get(i % localAddresses.size());
            Conn c = connect(t, local, listener);
            all.add(c.ready.whenComplete((conn, err) -> {
                inFlight.release();
                if (err == null) {
                    ok.add(conn);
                } else {
                    failures.incrementAndGet();
                }
            }));
        }
        for (CompletableFuture<Conn> f : all) {
            try {
                f.get(30, TimeUnit.SECONDS);
            } catch (Exception ignored) {
                // counted as a failure above (or timed out: counted below)
            }
        }
        return new ArrayList<>(ok);
    }

    /**
     * Sends {@code text} on every connection, one task per event loop writing to all of its connections:
     * thousands of sends cost the loader a few tasks instead of one cross-thread task each.
     */
    static void sendAll(List<Conn> conns, IntFunction<String> text) {
        Map<EventLoop, List<Integer>> byLoop = new LinkedHashMap<>();
        for (int i = 0; i < conns.size(); i++) {
            Channel ch = conns.get(i).channel;
            if (ch != null) {
                byLoop.computeIfAbsent(ch.eventLoop(), loop -> new ArrayList<>()).add(i);
            }
        }
        byLoop.forEach((loop, indexes) -> loop.execute(() -> {
            for (int i : indexes) {
                conns.get(i).send(text.apply(i));
            }
        }));
    }

    static void closeAll(List<Conn> conns) {
        for (Conn c : conns) {
            c.closeNow();
        }
    }

    @Override
    public void close() {
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }

    static Channel channelOf(Conn c) {
        return c.channel;
    }
}
