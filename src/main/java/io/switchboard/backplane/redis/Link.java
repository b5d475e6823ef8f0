package io.switchboard.backplane.redis;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;

import org.jboss.logging.Logger;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.impl.VertxInternal;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;

/**
 * One dedicated connection to one Redis, on an event-loop context of its own. Everything that
 * touches the connection runs on that context, so commands leave in the order they were handed
 * to {@link #execute}. A lost connection is retried with exponential backoff (100 ms doubling up
 * to the configured maximum, with jitter); while it is down, {@link #send} fails at once instead
 * of queueing.
 */
final class Link {
    private static final Logger LOG = Logger.getLogger(Link.class);
    private static final long FIRST_DELAY_MS = 100;

    private final Vertx vertx;
    private final Redis client;
    private final String name;
    private final Context context;
    private final long maxDelayMs;
    private final Handler<Response> pushes;
    private final Function<Link, Future<Void>> onUp;
    private final Runnable onDown;

    /** Confined to the context. */
    private RedisConnection connection;
    private long delayMs = FIRST_DELAY_MS;
    private boolean closed;
    private boolean warned;
    private volatile boolean up;

    /**
     * @param pushes receives pushed messages (pub/sub), or null
     * @param onUp runs on the context when a connection is made, before it counts as up (loads
     *        scripts, subscribes); a failure drops the connection
     * @param onDown runs on the context when the connection is lost
     */
    Link(Vertx vertx, Redis client, String name, Duration maxDelay, Handler<Response> pushes,
            Function<Link, Future<Void>> onUp, Runnable onDown) {
        this.vertx = vertx;
        this.client = client;
        this.name = name;
        this.context = ((VertxInternal) vertx).createEventLoopContext();
        this.maxDelayMs = Math.max(FIRST_DELAY_MS, maxDelay.toMillis());
        this.pushes = pushes;
        this.onUp = onUp;
        this.onDown = onDown;
    }

    void start() {
        execute(this::connect);
    }

    /** Whether the connection is established (and initialised). */
    boolean up() {
        return up;
    }

    String name() {
        return name;
    }

    /** Runs {@code task} on the link's context, after the tasks already handed to it. */
    void execute(Runnable task) {
        context.runOnContext(v -> task.run());
    }

    /** Whether the caller runs on the link's context. */
    boolean onContext() {
        return Vertx.currentContext() == context;
    }

    /** Sends {@code request}; must run on the context. Fails at once while disconnected. */
    Future<Response> send(Request request) {
        RedisConnection c = connection;
        if (c == null) {
            return Future.failedFuture(new RedisUnavailableException(name + " is not connected"));
        }
        return c.send(request);
    }

    /** Drops the connection (a health check failed) and reconnects. Runs on the context. */
    void reset(String why) {
        RedisConnection c = connection;
        if (c != null && !closed) {
            lost(c, new RedisUnavailableException(why));
            c.close();
        }
    }

    void close() {
        execute(() -> {
            closed = true;
            up = false;
            if (connection != null) {
                connection.close();
                connection = null;
            }
        });
    }

    private void connect() {
        if (closed) {
            return;
        }
        client.connect().onComplete(ar -> {
            if (ar.failed()) {
                retry(ar.cause());
                return;
            }
            RedisConnection c = ar.result();
            if (closed) {
                c.close();
                return;
            }
            connection = c;
            c.handler(pushes == null ? r -> {
            } : pushes);
            c.exceptionHandler(e -> execute(() -> lost(c, e)));
            c.endHandler(v -> execute(() -> lost(c, null)));
            onUp.apply(this).onComplete(init -> {
                if (connection != c) {
                    return;
                }
                if (init.failed()) {
                    lost(c, init.cause());
                    c.close();
                    return;
                }
                delayMs = FIRST_DELAY_MS;
                if (warned) {
                    LOG.infof("Redis %s is reachable again", name);
                    warned = false;
                }
                up = true;
            });
        });
    }

    private void lost(RedisConnection c, Throwable cause) {
        if (connection != c) {
            return;
        }
        connection = null;
        up = false;
        if (!closed) {
            LOG.warnf("lost Redis %s: %s", name, cause == null ? "connection closed" : cause.getMessage());
            warned = true;
        }
        onDown.run();
        retry(null);
    }

    private void retry(Throwable cause) {
        if (closed) {
            return;
        }
        if (cause != null && !warned) {
            LOG.warnf("cannot reach Redis %s: %s (retrying)", name, cause.getMessage());
            warned = true;
        }
        long delay = delayMs + ThreadLocalRandom.current().nextLong(delayMs / 2 + 1);
        delayMs = Math.min(maxDelayMs, delayMs * 2);
        vertx.setTimer(delay, t -> execute(this::connect));
    }
}
