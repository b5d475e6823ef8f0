package io.switchboard.backplane.redis;

import java.util.ArrayList;
import java.util.List;

import org.eclipse.microprofile.config.ConfigProvider;

import io.quarkus.arc.Arc;
import io.quarkus.proxy.ProxyConfigurationRegistry;
import io.quarkus.redis.runtime.client.VertxRedisClientFactory;
import io.quarkus.redis.runtime.client.config.RedisClientConfig;
import io.quarkus.redis.runtime.client.config.RedisConfig;
import io.quarkus.tls.TlsConfigurationRegistry;
import io.smallrye.config.SmallRyeConfig;
import io.switchboard.backplane.StreamSettings;
import io.switchboard.config.SwitchboardConfig;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Redis;

/**
 * Builds the Redis backplane from configuration: one Vert.x Redis client per shard, each from the
 * Quarkus Redis client configuration of its name ({@code quarkus.redis.<name>.*}, or
 * {@code quarkus.redis.*} for the default client), read at run time so shards can be set by
 * environment. Only called when {@code switchboard.backplane.kind=redis}: memory mode never
 * creates a client.
 */
public final class RedisClients {

    private RedisClients() {
    }

    public static RedisBackplane backplane(Vertx vertx, SwitchboardConfig config, StreamSettings settings) {
        SwitchboardConfig.Redis redis = config.backplane().redis();
        List<String> names = shards(redis);
        List<Redis> clients = new ArrayList<>();
        for (String name : names) {
            clients.add(client(vertx, name));
        }
        return new RedisBackplane(vertx, clients, names, settings, new RedisBackplane.Options(redis.prefix(),
                redis.heartbeatInterval(), redis.nodeTimeout(), redis.feedLease(), redis.reconnectMaxDelay()));
    }

    /** The session store, on the first shard, under the backplane's prefix. */
    public static RedisSessionStore sessionStore(Vertx vertx, SwitchboardConfig config) {
        SwitchboardConfig.Redis redis = config.backplane().redis();
        String name = shards(redis).get(0);
        return new RedisSessionStore(vertx, client(vertx, name), name, redis.prefix(), redis.reconnectMaxDelay());
    }

    private static List<String> shards(SwitchboardConfig.Redis redis) {
        return redis.shards().filter(list -> !list.isEmpty()).orElse(List.of(RedisConfig.DEFAULT_CLIENT_NAME));
    }

    private static Redis client(Vertx vertx, String name) {
        RedisConfig quarkus = ConfigProvider.getConfig().unwrap(SmallRyeConfig.class).getConfigMapping(RedisConfig.class);
        RedisClientConfig client = quarkus.clients().get(name);
        if (client == null || client.hosts().isEmpty()) {
            throw new IllegalStateException("switchboard.backplane.redis.shards names \"" + name
                    + "\", but quarkus.redis." + name + ".hosts is not set");
        }
        TlsConfigurationRegistry tls = Arc.container().select(TlsConfigurationRegistry.class).get();
        ProxyConfigurationRegistry proxies = Arc.container().select(ProxyConfigurationRegistry.class).get();
        return VertxRedisClientFactory.create(name, vertx, client, tls, proxies);
    }
}
