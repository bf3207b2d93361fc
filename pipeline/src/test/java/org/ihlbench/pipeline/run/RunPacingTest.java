package org.ihlbench.pipeline.run;

import static org.junit.Assert.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.ihlbench.transforms.providers.PaceReport;
import org.junit.Test;

/** What a run says of its rate limits under the summary, and in run.json. */
public class RunPacingTest {
  private static String[] print(RunPacing p) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    p.print(new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
    return new String[] {
        out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8)};
  }

  @Test
  public void eachBucketSaysItsPaceAndTooMany429sWarnWithTheLimitToDeclare() {
    RunPacing p = new RunPacing(PaceReport.byBucket(List.of(
        new PaceReport("generate", "openai:KEY", "openai:KEY#0", "learned", 588.4, 0, Double.NaN,
            800, 720, 80, 0),
        new PaceReport("judge", "openai:KEY", "openai:KEY#0", "declared", 600, 600, Double.NaN,
            300, 300, 0, 0))));
    String[] printed = print(p);
    assertEquals("rate limit: generate openai:KEY: 588 requests/min (learned), 800 requests, 80"
        + " answered 429 (10.0%)\n"
        + "rate limit: judge openai:KEY: 600 requests/min (declared), 300 requests, 0 answered 429"
        + " (0.0%)\n", printed[0].replace("\r", ""));
    assertEquals("warning: 10.0% of generate's requests to rate-limit bucket 'openai:KEY' were"
        + " answered 429; declare the limit it settled on, rate_limit: {requests_per_minute: 588},"
        + " or lower\n", printed[1].replace("\r", ""));
    assertEquals(0, p.gaveUp());
    assertEquals(2, p.toJson().size());
    assertEquals(0.1, p.toJson().get(0).path("rate_limited_share").asDouble(), 1e-12);
  }

  @Test
  public void callsGivenUpAreCountedAndSaid() {
    RunPacing p = new RunPacing(PaceReport.byBucket(List.of(new PaceReport("generate", "b",
        "b#0", "window", Double.POSITIVE_INFINITY, 0, Double.NaN, 40, 0, 40, 12))));
    assertEquals(12, p.gaveUp());
    assertEquals("warning: 100.0% of generate's requests to rate-limit bucket 'b' were answered"
        + " 429; declare the models' rate_limit\n"
        + "12 generate calls gave up on rate-limit bucket 'b' after answering only 429 for"
        + " calls.rate_limit_patience (error_class rate_limit_patience_exceeded in"
        + " errors/call_errors.jsonl); rerun the same command to resume: answers already paid for"
        + " come from the store\n", print(p)[1].replace("\r", ""));
  }
}
