package io.switchboard.bench.loader;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A loader child process holding client sockets (no process may open more than ~20 000 descriptors here):
 * commands go down its stdin one line each, answers come back one line each on its stdout.
 */
final class Child implements AutoCloseable {

    private static final String EOF = "\u0000eof";

    private final Process process;
    private final LinkedBlockingQueue<String> lines = new LinkedBlockingQueue<>();

    private Child(Process process) {
        this.process = process;
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    lines.add(line);
                }
            } catch (IOException ignored) {
                // the child died: the EOF below tells the waiting side
            }
            lines.add(EOF);
        }, "child-reader");
        reader.setDaemon(true);
        reader.start();
    }

    /** Starts {@code Main <mode> args...} in a fresh JVM with the loader's class path. */
    static Child start(String mode, List<String> args, Path errLog) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Bench.javaBin(), "-Xmx768m", "-XX:+UseSerialGC", "-cp",
                System.getProperty("java.class.path"), Main.class.getName(), mode));
        cmd.addAll(args);
        return new Child(new ProcessBuilder(cmd).redirectError(errLog.toFile()).start());
    }

    long pid() {
        return process.pid();
    }

    void send(String line) throws IOException {
        OutputStream out = process.getOutputStream();
        out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    /** The next line that starts with {@code prefix} (others are skipped); fails on timeout or exit. */
    String expect(String prefix, long timeoutMs) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMs;
        while (true) {
            String line = lines.poll(Math.max(1, deadline - System.currentTimeMillis()), TimeUnit.MILLISECONDS);
            if (line == null) {
                throw new IllegalStateException("loader child gave no '" + prefix + "' line in " + timeoutMs + " ms");
            }
            if (line.equals(EOF)) {
                lines.add(EOF);
                throw new IllegalStateException("loader child exited before '" + prefix + "' (see logs/*child*.err)");
            }
            if (line.startsWith(prefix)) {
                return line;
            }
        }
    }

    @Override
    public void close() {
        try {
            send("STOP");
        } catch (IOException ignored) {
            // already gone
        }
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    /** Reads commands from stdin and writes answers to stdout: the child side of the conversation. */
    static BufferedReader commands() {
        return new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    }

    static void answer(String line) {
        System.out.println(line);
        System.out.flush();
    }
}
