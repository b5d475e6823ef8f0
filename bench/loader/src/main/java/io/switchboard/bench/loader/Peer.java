package io.switchboard.bench.loader;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

/**
 * A server under test: how to start it (one or more instances, plus optional side processes such as
 * Redis) and how to reach its chat and echo endpoints.
 */
final class Peer {

    /** Scenarios every chat server can run: ids, notices, broadcast, echo. */
    static final Set<String> CHAT = Set.of("startup", "fanout", "paced", "echo", "churn", "idle");
    /** Chat plus rooms (join, leave, publish) and the {@code switchboard.v1} subprotocol. */
    static final Set<String> ROOMS = Set.of("startup", "fanout", "paced", "echo", "churn", "idle", "storm", "bigroom");
    /** The chat scenarios of a Socket.IO server that has the default namespace only (no {@code /echo}). */
    static final Set<String> SOCKETIO_CHAT = Set.of("startup", "fanout", "paced", "churn");
    /** The scenarios that need rooms or history. */
    static final Set<String> ROOMS_ONLY = Set.of("storm", "bigroom", "history");

    final String name;
    final String label;
    final boolean socketIo;
    final boolean jvm;
    final int instances;
    /** Command for instance i listening on the port given. */
    final InstanceCommand command;
    /** Side process started first (e.g. redis-server), given its port; null for none. */
    final IntFunction<List<String>> sidecar;
    /** Scenarios this peer can take part in. */
    final Set<String> scenarios;
    /** Arguments added before {@code -jar} (JVM peers): a variant's system properties. */
    final List<String> extraJvmArgs;
    /**
     * First instance that takes subscribers: 0 spreads them over every instance; 1 keeps them off
     * the publisher's instance, so every delivery crosses the backplane.
     */
    int subscribersFrom;

    interface InstanceCommand {
        List<String> of(int instance, int port, int sidecarPort);
    }

    Peer(String name, String label, boolean socketIo, boolean jvm, int instances, InstanceCommand command,
            IntFunction<List<String>> sidecar, Set<String> scenarios) {
        this(name, label, socketIo, jvm, instances, command, sidecar, scenarios, List.of());
    }

    private Peer(String name, String label, boolean socketIo, boolean jvm, int instances, InstanceCommand command,
            IntFunction<List<String>> sidecar, Set<String> scenarios, List<String> extraJvmArgs) {
        this.name = name;
        this.label = label;
        this.socketIo = socketIo;
        this.jvm = jvm;
        this.instances = instances;
        this.command = command;
        this.sidecar = sidecar;
        this.scenarios = scenarios;
        this.extraJvmArgs = extraJvmArgs;
    }

    /** The same server started with extra JVM arguments (e.g. {@code -Dswitchboard.history.exclude=*}). */
    Peer variant(List<String> jvmArgs) {
        return new Peer(name, label, socketIo, jvm, instances, command, sidecar, scenarios, jvmArgs);
    }

    Target chat(int port) {
        return socketIo ? Target.socketIo("127.0.0.1", port, "") : Target.ws("127.0.0.1", port, "/");
    }

    Target echo(int port) {
        return socketIo ? Target.socketIo("127.0.0.1", port, "/echo") : Target.ws("127.0.0.1", port, "/echo");
    }

    /** Starts every process; returns without waiting for them to listen. */
    Running start(int basePort, Path logDir, String tag) throws IOException {
        List<Process> procs = new ArrayList<>();
        List<Integer> ports = new ArrayList<>();
        Process side = null;
        int sidePort = basePort + 50;
        if (sidecar != null) {
            side = launch(sidecar.apply(sidePort), logDir.resolve(name + "-" + tag + "-sidecar.log"));
            sleep(300);
        }
        long t0 = System.nanoTime();
        for (int i = 0; i < instances; i++) {
            int port = basePort + i;
            ports.add(port);
            procs.add(launch(command.of(i, port, sidePort), logDir.resolve(name + "-" + tag + "-" + i + ".log")));
        }
        return new Running(this, procs, ports, side, t0);
    }

    /**
     * Starts a peer. A JVM peer ({@code -jar X}) starts from its jar's directory with the jar's
     * plain file name, the way a Quarkus app is meant to be started: an AppCDS archive records the
     * class path as the dump saw it, and is refused under any other.
     */
    private Process launch(List<String> command, Path log) throws IOException {
        List<String> cmd = new ArrayList<>(command);
        File dir = null;
        int jar = cmd.indexOf("-jar") + 1;
        if (jar > 0) {
            cmd.addAll(jar - 1, extraJvmArgs);
            jar += extraJvmArgs.size();
        }
        if (jar > 0 && jar < cmd.size()) {
            File file = new File(cmd.get(jar)).getAbsoluteFile();
            dir = file.getParentFile();
            cmd.set(jar, file.getName());
        }
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.directory(dir);
        pb.redirectErrorStream(true);
        pb.redirectOutput(log.toFile());
        pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        return pb.start();
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Started processes of one peer. */
    static final class Running implements AutoCloseable {
        final Peer peer;
        final List<Process> procs;
        final List<Integer> ports;
        final Process sidecar;
        final long startNanos;

        Running(Peer peer, List<Process> procs, List<Integer> ports, Process sidecar, long startNanos) {
            this.peer = peer;
            this.procs = procs;
            this.ports = ports;
            this.sidecar = sidecar;
            this.startNanos = startNanos;
        }

        long[] pids() {
            return procs.stream().mapToLong(Process::pid).toArray();
        }

        long rssKb() {
            return Arrays.stream(pids()).map(Proc::rssKb).sum();
        }

        List<Target> chatTargets() {
            return ports.subList(Math.min(peer.subscribersFrom, ports.size() - 1), ports.size()).stream().map(peer::chat).toList();
        }

        /** The side process's pid (Redis), or -1. */
        long sidecarPid() {
            return sidecar == null ? -1 : sidecar.pid();
        }

        /** The chat of every instance, offering {@code subprotocol} (null: none). */
        List<Target> chatTargets(String subprotocol) {
            return ports.stream().map(p -> peer.chat(p).offering(subprotocol)).toList();
        }

        List<Target> echoTargets() {
            return ports.stream().map(peer::echo).toList();
        }

        Target publisherTarget() {
            return peer.chat(ports.get(0));
        }

        /**
         * Polls every instance with a real WebSocket handshake on the echo endpoint (the chat for a
         * peer without one) until all accept one. Returns nanoseconds from process start to the last
         * instance's first accepted connection.
         */
        long awaitReady(Net net, long timeoutMs) {
            long deadline = System.nanoTime() + timeoutMs * 1_000_000L;
            long readyAt = 0;
            for (int port : ports) {
                while (true) {
                    String death = death();
                    if (death != null) {
                        throw new IllegalStateException("before listening: " + death);
                    }
                    Target probe = peer.scenarios.contains("echo") ? peer.echo(port) : peer.chat(port);
                    Conn c = net.connect(probe, null, new Conn.Listener() { });
                    try {
                        c.ready.get(2, TimeUnit.SECONDS);
                        readyAt = System.nanoTime();
                        c.closeNow();
                        break;
                    } catch (Exception e) {
                        c.closeNow();
                        if (System.nanoTime() > deadline) {
                            throw new IllegalStateException(peer.name + " did not accept a connection in " + timeoutMs + " ms");
                        }
                        sleep(5);
                    }
                }
            }
            return readyAt - startNanos;
        }

        /** Set when JVM peers run with a flight recording: dumped next to the logs before the kill. */
        Path jfrDump;

        /** Why the peer is gone, or null while every process is alive. */
        String death() {
            for (Process p : procs) {
                if (!p.isAlive()) {
                    int code = p.exitValue();
                    return peer.name + " exited with " + code + (code == 143 || code == 137
                            ? " (killed by a signal from outside the benchmark)" : "") + "; see target/bench/logs";
                }
            }
            return null;
        }

        @Override
        public void close() {
            if (jfrDump != null && peer.jvm) {
                for (int i = 0; i < procs.size(); i++) {
                    try {
                        new ProcessBuilder("jcmd", Long.toString(procs.get(i).pid()), "JFR.dump",
                                "filename=" + jfrDump + "-" + i + ".jfr").redirectErrorStream(true)
                                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor(30, TimeUnit.SECONDS);
                    } catch (IOException | InterruptedException e) {
                        // profiling is best effort
                    }
                }
            }
            for (Process p : procs) {
                p.destroyForcibly();
            }
            if (sidecar != null) {
                sidecar.destroyForcibly();
            }
            for (Process p : procs) {
                try {
                    p.waitFor(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }
}
