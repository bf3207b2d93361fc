package org.ihlbench.transforms.providers;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotSame;
import static org.junit.Assert.assertSame;

import org.junit.Test;

public class CallProgressTest {
  private static CallSettings settings(String runId) {
    return CallSettings.of(runId, null).withProgressEvery(0);
  }

  @Test
  public void aLineSaysDoneOfTotalRateErrorsRetriesEtaAndSpend() {
    CallProgress p = CallProgress.get(settings("progress-line"), "generate");
    p.expect(400);
    for (int i = 0; i < 98; i++) {
      p.completed(0.01);
    }
    p.failed();
    p.failed();
    p.retried();
    // 100 of 400 in 10 s: 10/s, 300 left: 30 s.
    assertEquals("generate: calls 100/400 (25.0%), 10.0/s, errors 2, retries 1, ETA 0m30s,"
        + " spend $0.9800", p.line(100, 10.0));
  }

  @Test
  public void budgetSkipsAreSaidAndNoEtaOnceDone() {
    CallProgress p = CallProgress.get(settings("progress-budget"), "generate");
    p.expect(3);
    p.completed(0.5);
    p.budgetSkipped();
    p.failed();
    p.budgetSkipped();
    p.failed();
    assertEquals("generate: calls 3/3 (100.0%), 1.5/s, errors 2, retries 0, budget reached:"
        + " 2 not called, spend $0.5000", p.line(3, 2.0));
  }

  @Test
  public void oneProgressPerRunAndLabelInAJvm() {
    CallProgress a = CallProgress.get(settings("progress-shared"), "generate");
    assertSame(a, CallProgress.get(settings("progress-shared"), "generate"));
    assertNotSame(a, CallProgress.get(settings("progress-shared"), "judge"));
    assertNotSame(a, CallProgress.get(settings("progress-other"), "generate"));
  }

  @Test
  public void theTotalIsTheLargestExpected() {
    CallProgress p = CallProgress.get(settings("progress-total"), "g");
    p.expect(10);
    p.expect(7);
    assertEquals("g: calls 0/10 (0.0%), 0.0/s, errors 0, retries 0, spend $0.0000", p.line(0, 0));
  }

  @Test
  public void rateLimitedAttemptsAndEachBucketsPaceAreSaid() {
    CallProgress p = CallProgress.get(settings("progress-pace"), "generate");
    p.expect(10);
    p.completed(0.1);
    p.rateLimited();
    p.rateLimited();
    org.ihlbench.transforms.ratelimit.LimitLearner a =
        new org.ihlbench.transforms.ratelimit.LimitLearner(600, 0, 2, 64, 0);
    org.ihlbench.transforms.ratelimit.LimitLearner b =
        new org.ihlbench.transforms.ratelimit.LimitLearner(600, 0, 2, 64, 0);
    p.pacing("openai:KEY", "openai:KEY#0", a);
    p.pacing("openai:KEY", "openai:KEY#1", b);
    p.pacing("other:KEY", "other:KEY#0",
        new org.ihlbench.transforms.ratelimit.LimitLearner(0, 0, 1, 64, 0));
    assertEquals("generate: calls 1/10 (10.0%), 1.0/s, errors 0, retries 0, 429s 2, ETA 0m09s,"
        + " spend $0.1000; pace openai:KEY 600/min declared, other:KEY window-bound window",
        p.line(1, 1.0));
  }
}
