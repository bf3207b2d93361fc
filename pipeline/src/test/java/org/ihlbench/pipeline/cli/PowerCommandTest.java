package org.ihlbench.pipeline.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.ihlbench.pipeline.EndToEndDirectTest;
import org.ihlbench.pipeline.IhlBench;
import org.junit.Test;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

/** {@code ihlbench power} with assumed rates; the pilot mode runs on the demo in EndToEndDirectTest. */
public class PowerCommandTest {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private ExitCode power(String... args) throws Exception {
    return new PowerCommand().execute(args,
        new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  @Test
  public void assumedRatesGivePromptsPerSeedCount() throws Exception {
    assertEquals(ExitCode.OK, power("--rate=0.80", "--difference=0.10", "--icc=0.3",
        "--seeds=1,5,10"));
    String text = out.toString(StandardCharsets.UTF_8);
    // 198.96 samples per condition (see PowerTest): 199 prompts with one seed; design effect 2.2
    // with five seeds: 88 prompts (440 samples); 3.7 with ten: 74 prompts (740 samples).
    assertTrue(text, text.contains("80.0% -> 90.0% (+10.0 pts)"));
    assertTrue(text, text.matches("(?s).*\\n1\\s+1\\.00\\s+199\\s+199\\n.*"));
    assertTrue(text, text.matches("(?s).*\\n5\\s+2\\.20\\s+88\\s+440\\n.*"));
    assertTrue(text, text.matches("(?s).*\\n10\\s+3\\.70\\s+74\\s+740\\n.*"));
  }

  @Test
  public void badArgumentsAreUsageErrorsThatNameTheArgument() throws Exception {
    assertEquals(ExitCode.USAGE, power("--rate=0.8", "--difference=0.1", "--seeds=3"));
    assertTrue(err.toString(StandardCharsets.UTF_8).contains("--icc is required"));
    err.reset();
    assertEquals(ExitCode.USAGE, power("--rate=1.5", "--icc=0.2"));
    assertTrue(err.toString(StandardCharsets.UTF_8).contains("--rate: 1.5 is out of range"));
    err.reset();
    assertEquals(ExitCode.USAGE, power("--rate=0.8", "--difference=lots"));
    assertTrue(err.toString(StandardCharsets.UTF_8).contains("--difference: 'lots' is not a number"));
    err.reset();
    assertEquals(ExitCode.USAGE, power("--rate=0.8", "--run=x"));
    assertEquals(ExitCode.USAGE, power("--colour=blue"));
    assertTrue(err.toString(StandardCharsets.UTF_8).contains("unknown argument --colour"));
    err.reset();
    assertEquals(ExitCode.USAGE, power("--run=/nonexistent/run"));
    assertTrue(err.toString(StandardCharsets.UTF_8).contains("no summary.parquet in /nonexistent/run"));
  }
}
