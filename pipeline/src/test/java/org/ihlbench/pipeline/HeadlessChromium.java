package org.ihlbench.pipeline;

import static org.junit.Assert.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.Assume;

/**
 * Headless Chromium for rendering reports in tests: a screenshot, and the DOM after the page's
 * scripts ran. Each call gets a fresh profile directory and no network services.
 */
final class HeadlessChromium {
  private static final List<String> NAMES = List.of("chromium", "chromium-browser", "google-chrome");

  private final Path binary;

  private HeadlessChromium(Path binary) {
    this.binary = binary;
  }

  /**
   * The browser, or: a failure when the CI variable is set (CI must render the report), else a
   * skip saying how to install it.
   */
  static HeadlessChromium require() {
    String configured = System.getenv("IHLBENCH_CHROMIUM");
    List<Path> candidates = new ArrayList<>();
    if (configured != null && !configured.isBlank()) {
      candidates.add(Path.of(configured));
    }
    for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
      for (String n : NAMES) {
        candidates.add(Path.of(dir, n));
      }
    }
    for (Path c : candidates) {
      if (Files.isExecutable(c)) {
        return new HeadlessChromium(c);
      }
    }
    String how = "chromium is not installed: install it with `apt-get install -y chromium`"
        + " (scripts/test.sh does when run as root) or set IHLBENCH_CHROMIUM to its path";
    if (System.getenv("CI") != null) {
      fail(how + " (CI is set, so the report must be rendered)");
    }
    Assume.assumeTrue("skipped: " + how + "; set CI to make this a failure", false);
    return null;
  }

  private List<String> command(Path profile, String... extra) {
    List<String> cmd = new ArrayList<>(List.of(binary.toString(), "--headless", "--no-sandbox",
        "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--disable-extensions",
        "--user-data-dir=" + profile));
    cmd.addAll(List.of(extra));
    return cmd;
  }

  /** Renders {@code page} at width x height and returns the PNG file. */
  Path screenshot(Path page, int width, int height, Path workDir) throws Exception {
    Path png = workDir.resolve("report.png");
    Files.deleteIfExists(png);
    run(command(Files.createTempDirectory(workDir, "profile"), "--screenshot=" + png,
        "--window-size=" + width + "," + height, page.toUri().toString()), workDir);
    return png;
  }

  /** The serialized DOM after the page loaded and its scripts ran. */
  String dumpDom(Path page, Path workDir) throws Exception {
    return run(command(Files.createTempDirectory(workDir, "profile"), "--dump-dom",
        page.toUri().toString()), workDir);
  }

  private static String run(List<String> cmd, Path workDir) throws IOException, InterruptedException {
    Path stdout = Files.createTempFile(workDir, "chromium", ".out");
    Path stderr = Files.createTempFile(workDir, "chromium", ".err");
    Process p = new ProcessBuilder(cmd).directory(workDir.toFile())
        .redirectOutput(stdout.toFile()).redirectError(stderr.toFile()).start();
    if (!p.waitFor(120, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      fail("chromium did not finish within 120 s: " + cmd);
    }
    if (p.exitValue() != 0) {
      fail("chromium exited with " + p.exitValue() + ": " + Files.readString(stderr));
    }
    return Files.readString(stdout, StandardCharsets.UTF_8);
  }
}
