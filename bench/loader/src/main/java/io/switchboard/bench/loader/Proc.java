package io.switchboard.bench.loader;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads CPU time and resident memory from /proc (Linux). */
final class Proc {

    /** Clock ticks per second of /proc/PID/stat; 100 on every Linux this runs on. */
    static final long HZ = 100;

    private Proc() {
    }

    /** utime + stime of a process (all its threads), in clock ticks; -1 if unreadable. */
    static long cpuTicks(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + (pid < 0 ? "self" : Long.toString(pid)) + "/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            // after "pid (comm) ": state=0 ... utime=11 stime=12
            return Long.parseLong(f[11]) + Long.parseLong(f[12]);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    static long selfCpuTicks() {
        return cpuTicks(-1);
    }

    /** VmRSS in KiB; -1 if unreadable. */
    static long rssKb(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | RuntimeException e) {
            // process gone
        }
        return -1;
    }

    /** CPU use between two tick readings over {@code nanos}, in percent of one core. */
    static double percent(long ticksBefore, long ticksAfter, long nanos) {
        if (ticksBefore < 0 || ticksAfter < 0 || nanos <= 0) {
            return -1;
        }
        return (ticksAfter - ticksBefore) * 100.0 / HZ / (nanos / 1e9) ;
    }

    /** Busy and total jiffies of the whole machine from /proc/stat. */
    static long[] machineTicks() {
        try {
            String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            long total = 0;
            for (int i = 1; i < Math.min(f.length, 9); i++) {
                total += Long.parseLong(f[i]);
            }
            long idle = Long.parseLong(f[4]) + Long.parseLong(f[5]);
            return new long[] {total - idle, total};
        } catch (IOException | RuntimeException e) {
            return new long[] {-1, -1};
        }
    }

    /** A CPU-time stopwatch over a set of processes (the server's) and this one (the loader). */
    static final class CpuWatch {
        private final long[] pids;
        private final long[] start;
        private final long selfStart;
        private final long t0 = System.nanoTime();
        private final long[] machineStart = machineTicks();
        private double serverSeconds = -1;

        CpuWatch(long... pids) {
            this.pids = pids;
            start = new long[pids.length];
            for (int i = 0; i < pids.length; i++) {
                start[i] = cpuTicks(pids[i]);
            }
            selfStart = selfCpuTicks();
        }

        /** CPU seconds the server's processes used between construction and {@link #stop()}. */
        double serverSeconds() {
            return serverSeconds;
        }

        /** [server %, loader %, whole machine %] of one core since construction. */
        double[] stop() {
            long nanos = System.nanoTime() - t0;
            double server = 0;
            long serverTicks = 0;
            for (int i = 0; i < pids.length; i++) {
                long now = cpuTicks(pids[i]);
                server += Math.max(0, percent(start[i], now, nanos));
                serverTicks += Math.max(0, now - start[i]);
            }
            serverSeconds = serverTicks / (double) HZ;
            long[] m = machineTicks();
            double machine = machineStart[0] < 0 || m[0] < 0 || m[1] == machineStart[1] ? -1
                    : (m[0] - machineStart[0]) * 100.0 * Runtime.getRuntime().availableProcessors() / (m[1] - machineStart[1]);
            return new double[] {server, percent(selfStart, selfCpuTicks(), nanos), machine};
        }
    }
}
