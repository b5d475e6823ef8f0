package io.switchboard.testing;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Reads the server's Prometheus endpoint ({@code /q/metrics}) the way a scraper does, over HTTP,
 * so tests can check that meters move under real traffic.
 */
public final class Metrics {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final Map<String, Double> samples;

    private Metrics(Map<String, Double> samples) {
        this.samples = samples;
    }

    /** Scrapes {@code base}'s {@code /q/metrics} now. */
    public static Metrics scrape(URI base) {
        URI url = URI.create("http://" + base.getHost() + ":" + base.getPort() + "/q/metrics");
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new AssertionError("GET " + url + " answered " + response.statusCode());
            }
            return new Metrics(parse(response.body()));
        } catch (IOException e) {
            throw new AssertionError("GET " + url + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** The value of sample {@code name} with the given labels ({@code "key", "value", …}), or 0 when absent. */
    public double value(String name, String... labels) {
        return samples.getOrDefault(key(name, labels), 0.0);
    }

    /** Whether the sample exists at all. */
    public boolean has(String name, String... labels) {
        return samples.containsKey(key(name, labels));
    }

    /** The names of every sample, without labels. */
    public Set<String> names() {
        Set<String> names = new TreeSet<>();
        samples.keySet().forEach(key -> names.add(key.substring(0, key.indexOf('{'))));
        return names;
    }

    private static String key(String name, String... labels) {
        Map<String, String> sorted = new TreeMap<>();
        for (int i = 0; i + 1 < labels.length; i += 2) {
            sorted.put(labels[i], labels[i + 1]);
        }
        return name + sorted;
    }

    /** Lines of the Prometheus text format: {@code name{k="v",…} value}; comments skipped. */
    private static Map<String, Double> parse(String text) {
        Map<String, Double> samples = new HashMap<>();
        for (String line : text.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int brace = line.indexOf('{');
            int space = line.lastIndexOf(' ');
            String name = brace >= 0 && brace < space ? line.substring(0, brace) : line.substring(0, space);
            Map<String, String> labels = new TreeMap<>();
            if (brace >= 0 && brace < space) {
                String body = line.substring(brace + 1, line.lastIndexOf('}'));
                for (String pair : body.split(",(?=[a-zA-Z_]+=\")")) {
                    int eq = pair.indexOf('=');
                    if (eq > 0) {
                        labels.put(pair.substring(0, eq), pair.substring(eq + 2, pair.length() - 1));
                    }
                }
            }
            samples.put(name + labels, Double.parseDouble(line.substring(space + 1)));
        }
        return samples;
    }
}
