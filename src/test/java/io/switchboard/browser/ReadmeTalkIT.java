package io.switchboard.browser;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.ConsoleMessage;
import com.microsoft.playwright.Page;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The README's "Talk to it" section, run as written against the packaged server: the Node example
 * command and the browser-console snippet on the demo page print the frames the README shows. Only
 * what must differ between runs is set aside: the time of day, the version, the history epoch and offsets, and which numbers the
 * client ids are (their roles must match: the same id where the README repeats one).
 */
class ReadmeTalkIT extends BrowserTestBase {

    private static final Path ROOT = Path.of("").toAbsolutePath();
    private static final Pattern FENCE = Pattern.compile("(?ms)^```(\\w*)\\n(.*?)^```");
    private static final Pattern TIME = Pattern.compile("\"\\d{2}:\\d{2}:\\d{2} GMT[^\"]*\"");
    private static final Pattern VERSION = Pattern.compile("\"version\":\"[^\"]*\"");
    private static final Pattern EPOCH = Pattern.compile("\"epoch\":\"[^\"]*\"");
    /** Offsets depend on what the room saw before; both snippets run against one server. */
    private static final Pattern OFFSET = Pattern.compile("\"offset\":\\d+");
    private static final Pattern IDS = Pattern.compile("(\"client\":|\"from\":)(\\d+)|\"clients\":\\[([\\d,]*)]");

    @Test
    void theNodeExamplePrintsTheFramesTheReadmeShows() throws Exception {
        List<Block> blocks = talkToItBlocks();
        String command = blocks.get(0).body().strip();
        List<String> expected = blocks.get(1).body().lines().toList();
        assertThat(blocks.get(0).language()).isEqualTo("sh");

        Path out = ROOT.resolve("target/browser-it/readme-node-example.out");
        Path log = ROOT.resolve("target/browser-it/readme-node-example.log");
        Files.createDirectories(log.getParent());
        ProcessBuilder builder = new ProcessBuilder("sh", "-c", command).directory(ROOT.toFile())
                .redirectOutput(out.toFile())
                .redirectError(log.toFile());
        builder.environment().put("SWITCHBOARD_URL", "ws://127.0.0.1:" + server.port() + "/");
        Process run = builder.start();
        boolean finished = run.waitFor(180, TimeUnit.SECONDS);
        if (!finished) {
            run.descendants().forEach(ProcessHandle::destroyForcibly);
            run.destroyForcibly();
        }
        assertThat(finished).as("%s finished; stderr in %s", command, log).isTrue();
        assertThat(run.exitValue()).as("exit code of %s; stderr in %s", command, log).isZero();

        List<String> printed = Files.readString(out, StandardCharsets.UTF_8).lines().toList();
        assertThat(normalized(printed)).isEqualTo(normalized(expected));
    }

    @Test
    void theConsoleSnippetOnTheDemoPagePrintsTheFramesTheReadmeShows() throws Exception {
        Block snippet = talkToItBlocks().get(2);
        assertThat(snippet.language()).isEqualTo("js");
        List<String> expected = new ArrayList<>();
        StringBuilder code = new StringBuilder();
        for (String line : snippet.body().lines().toList()) {
            if (line.startsWith("// {")) {
                expected.add(line.substring(3));
            } else {
                code.append(line).append('\n');
            }
        }

        DemoPage demo = openDemo();
        int pageClient = demo.clientId();
        List<String> printed = new ArrayList<>();
        demo.page.onConsoleMessage((ConsoleMessage message) -> {
            if ("log".equals(message.type())) {
                printed.add(message.text());
            }
        });
        demo.page.evaluate("() => {\n" + code + "}");

        // Playwright delivers console events while the test is inside one of its calls: wait in one.
        demo.page.waitForCondition(() -> printed.size() >= expected.size(),
                new Page.WaitForConditionOptions().setTimeout(20_000));
        Files.write(ROOT.resolve("target/browser-it/readme-console.out"), printed);
        assertThat(normalized(printed)).isEqualTo(normalized(expected));
        // The README's client 1 is the page itself.
        assertThat(printed.get(1)).contains("\"clients\":[" + pageClient + ",");
    }

    /** The fenced blocks of the README's "Talk to it" section, in order. */
    private static List<Block> talkToItBlocks() throws IOException {
        String readme = Files.readString(ROOT.resolve("README.md"));
        int start = readme.indexOf("## Talk to it");
        assertThat(start).as("a \"Talk to it\" section in README.md").isNotNegative();
        int end = readme.indexOf("\n## ", start + 1);
        Matcher fence = FENCE.matcher(readme.substring(start, end < 0 ? readme.length() : end));
        List<Block> blocks = new ArrayList<>();
        while (fence.find()) {
            blocks.add(new Block(fence.group(1), fence.group(2)));
        }
        assertThat(blocks).as("command, its output and the console snippet").hasSize(3);
        return blocks;
    }

    /** Frames with the time, version and epoch set aside and client ids named by their order of first appearance. */
    static List<String> normalized(List<String> frames) {
        Map<String, String> names = new HashMap<>();
        List<String> result = new ArrayList<>();
        for (String frame : frames) {
            String plain = VERSION.matcher(TIME.matcher(frame).replaceAll("\"<time>\"")).replaceAll("\"version\":\"<version>\"");
            plain = EPOCH.matcher(plain).replaceAll("\"epoch\":\"<epoch>\"");
            plain = OFFSET.matcher(plain).replaceAll("\"offset\":<offset>");
            result.add(IDS.matcher(plain).replaceAll(m -> {
                if (m.group(1) != null) {
                    return Matcher.quoteReplacement(m.group(1) + name(names, m.group(2)));
                }
                List<String> ids = m.group(3).isEmpty() ? List.of() : List.of(m.group(3).split(","));
                return Matcher.quoteReplacement("\"clients\":[" + String.join(",", ids.stream().map(id -> name(names, id)).toList()) + "]");
            }));
        }
        return result;
    }

    private static String name(Map<String, String> names, String id) {
        return names.computeIfAbsent(id, k -> "<client " + (char) ('A' + names.size()) + ">");
    }

    private record Block(String language, String body) {
    }
}
