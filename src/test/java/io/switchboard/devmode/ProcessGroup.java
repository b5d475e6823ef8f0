package io.switchboard.devmode;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.stream.Stream;

/**
 * A command started in a process group of its own (through {@code setsid}), with no stdin, so that
 * everything it forks — Maven and the application JVM it launches, say — can be found and stopped
 * together, whatever the test that started it does. Linux only: members are read from
 * {@code /proc/<pid>/stat}.
 */
final class ProcessGroup implements AutoCloseable {

    private static final Duration GRACE = Duration.ofSeconds(30);

    private final Process leader;
    private final long id;
    private final Thread onExit;

    private ProcessGroup(Process leader) {
        this.leader = leader;
        this.id = leader.pid();
        this.onExit = new Thread(this::kill, "stop process group " + id);
        Runtime.getRuntime().addShutdownHook(onExit);
    }

    /**
     * Starts {@code command} in {@code dir} with stdin from {@code /dev/null}, stdout and stderr
     * appended to {@code log}, and {@code env} added to this JVM's environment.
     */
    static ProcessGroup start(List<String> command, Path dir, Map<String, String> env, Path log) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(concat("setsid", command))
                .directory(dir.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().putAll(env);
        Process process = builder.start();
        // A child of the JVM is never a group leader, so setsid makes a new group without forking:
        // the group's id is the child's pid (once setsid has run).
        ProcessGroup group = new ProcessGroup(process);
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (pgid(process.pid()).orElse(group.id) != group.id) {
            if (System.nanoTime() > deadline) {
                group.close();
                throw new IllegalStateException("setsid did not make " + process.pid() + " a group leader");
            }
            sleep(Duration.ofMillis(10));
        }
        return group;
    }

    long id() {
        return id;
    }

    boolean leaderAlive() {
        return leader.isAlive();
    }

    /** Running processes of the group (the leader included while it runs; zombies are not running). */
    List<ProcessHandle> members() {
        return ProcessHandle.allProcesses()
                .filter(p -> pgid(p.pid()).orElse(-1) == id)
                .toList();
    }

    /**
     * Stops every member: SIGTERM to all, then SIGKILL to whatever is left after a grace period.
     * Returns when no member is left (or the kill could not finish them, which {@link #members()}
     * then shows).
     */
    @Override
    public void close() {
        try {
            members().forEach(ProcessHandle::destroy);
            long deadline = System.nanoTime() + GRACE.toNanos();
            while (!members().isEmpty() && System.nanoTime() < deadline && sleep(Duration.ofMillis(200))) {
                // waiting for a graceful exit
            }
        } finally {
            kill();
            try {
                Runtime.getRuntime().removeShutdownHook(onExit);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running or about to: it kills the group too
            }
        }
    }

    /** SIGKILL until no member is left (at most a few seconds); not cut short by an interrupt. */
    private void kill() {
        boolean interrupted = Thread.interrupted();
        for (int round = 0; round < 50; round++) {
            List<ProcessHandle> left = members();
            if (left.isEmpty()) {
                break;
            }
            left.forEach(ProcessHandle::destroyForcibly);
            interrupted |= !sleep(Duration.ofMillis(100)) && Thread.interrupted();
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** The process group of a running process, from {@code /proc/<pid>/stat}; empty when it is gone or a zombie. */
    private static OptionalLong pgid(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"), StandardCharsets.ISO_8859_1);
            // "pid (comm) state ppid pgrp ...": comm may hold spaces and parentheses, so skip past the last ')'.
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return "Z".equals(fields[0]) || "X".equals(fields[0]) ? OptionalLong.empty() : OptionalLong.of(Long.parseLong(fields[2]));
        } catch (IOException | RuntimeException gone) {
            return OptionalLong.empty();
        }
    }

    /** Sleeps; false (with the interrupt flag kept) if interrupted. */
    private static boolean sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static List<String> concat(String first, List<String> rest) {
        return Stream.concat(Stream.of(first), rest.stream()).toList();
    }
}
