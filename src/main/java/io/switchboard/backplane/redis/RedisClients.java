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
        List<String> names = redis.shards().filter(list -> !list.isEmpty()).orElse(List.of(RedisConfig.DEFAULT_CLIENT_NAME));
        RedisConfig quarkus = ConfigProvider.getConfig().unwrap(SmallRyeConfig.class).getConfigMapping(RedisConfig.class);
        TlsConfigurationRegistry tls = Arc.container().select(TlsConfigurationRegistry.class).get();
        ProxyConfigurationRegistry proxies = Arc.container().select(ProxyConfigurationRegistry.class).get();
        List<Redis> clients = new ArrayList<>();
        for (String name : names) {
            RedisClientConfig client = quarkus.clients().get(name);
            if (client == null || client.hosts().isEmpty()) {
                throw new IllegalStateException("switchboard.backplane.redis.shards names \"" + name
                        + "\", but quarkus.redis." + name + ".hosts is not set");
            }
            clients.add(VertxRedisClientFactory.create(name, vertx, client, tls, proxies));
        }
        return new RedisBackplane(vertx, clients, names, settings, new RedisBackplane.Options(redis.prefix(),
                redis.heartbeatInterval(), redis.nodeTimeout(), redis.feedLease(), redis.reconnectMaxDelay()));
    }
}
