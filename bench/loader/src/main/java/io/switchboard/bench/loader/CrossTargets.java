package io.switchboard.bench.loader;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Targets of the cross-instance fan-out ({@code --redis}): the publisher on one instance, every
 * subscriber on another, one real Redis between them. Switchboard ×2 must deliver at least 5× as
 * fast as Node ws ×2 over Redis and at least half as fast as Switchboard on one in-memory
 * instance, and lose nothing. Each target row compares the largest subscriber count measured for
 * every payload size.
 */
final class CrossTargets {

    private CrossTargets() {
    }

    static void add(List<Map<String, Object>> targets, Map<String, List<Map<String, Object>>> results) {
        List<Map<String, Object>> fan = results.getOrDefault("fanout", List.of());
        if (fan.stream().noneMatch(x -> "switchboard-redis".equals(x.get("peer")))) {
            return;
        }
        int n = fan.stream().filter(x -> "switchboard-redis".equals(x.get("peer")))
                .mapToInt(x -> ((Number) x.getOrDefault("subscribersRequested", 0)).intValue()).max().orElse(0);
        for (Object size : fan.stream().map(x -> x.get("payloadBytes")).filter(Objects::nonNull).distinct().toList()) {
            Double cross = value(fan, "switchboard-redis", n, size, "deliveriesPerSec");
            String redisCpu = String.format(" (Redis CPU %s %% vs %s %%)", value(fan, "switchboard-redis", n, size, "redisCpuPct"),
                    value(fan, "ws-redis", n, size, "redisCpuPct"));
            compare(targets, "Cross-instance fan-out deliveries/s at N=" + n + ", " + size + " B: ≥ 5× Node ws ×2 over Redis",
                    cross, value(fan, "ws-redis", n, size, "deliveriesPerSec"), 5, redisCpu);
            compare(targets, "Cross-instance fan-out deliveries/s at N=" + n + ", " + size + " B: ≥ 50 % of one in-memory Switchboard",
                    cross, value(fan, "switchboard", n, size, "deliveriesPerSec"), 0.5, "");
        }
        long lost = 0;
        long duplicated = 0;
        for (Map<String, Object> x : fan) {
            if ("switchboard-redis".equals(x.get("peer")) && x.get("lost") instanceof Number l) {
                lost += l.longValue();
                duplicated += ((Number) x.getOrDefault("duplicates", 0L)).longValue();
            }
        }
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("target", "Nothing lost across instances (Switchboard ×2 over Redis, fan-out)");
        row.put("measured", lost + " lost, " + duplicated + " duplicated");
        row.put("ratio", null);
        row.put("pass", lost == 0 && duplicated == 0);
        targets.add(row);
    }

    private static void compare(List<Map<String, Object>> targets, String name, Double mine, Double theirs, double bound,
            String note) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("target", name);
        if (mine == null || theirs == null || theirs <= 0) {
            row.put("measured", "not measured");
            row.put("ratio", null);
            row.put("pass", null);
        } else {
            row.put("measured", String.format("%,.0f vs %,.0f", mine, theirs) + note);
            row.put("ratio", Bench.round(mine / theirs));
            row.put("pass", mine / theirs >= bound);
        }
        targets.add(row);
    }

    private static Double value(List<Map<String, Object>> rows, String peer, int n, Object size, String key) {
        return rows.stream().filter(x -> peer.equals(x.get("peer")) && Objects.equals(x.get("subscribersRequested"), n)
                && Objects.equals(x.get("payloadBytes"), size) && x.get(key) instanceof Number)
                .map(x -> ((Number) x.get(key)).doubleValue()).findFirst().orElse(null);
    }
}
