package org.ihlbench.transforms.ratelimit;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.time.Duration;
import org.junit.Test;

public class BackoffTest {
  private static final int DRAWS = 2000;

  @Test
  public void delaysLieUnderTheCappedExponentialCeiling() {
    Backoff b = new Backoff(Duration.ofMillis(500), Duration.ofSeconds(10));
    for (int retry = 1; retry <= 12; retry++) {
      long ceiling = Math.min(10_000, 500L << (retry - 1));
      long min = Long.MAX_VALUE;
      long max = 0;
      for (int i = 0; i < DRAWS; i++) {
        long ms = b.delay(retry, null).toMillis();
        assertTrue("retry " + retry + ": " + ms, ms >= 0 && ms <= ceiling);
        min = Math.min(min, ms);
        max = Math.max(max, ms);
      }
      // Full jitter: the draws spread over the whole range.
      assertTrue("retry " + retry + " min " + min, min < ceiling / 10);
      assertTrue("retry " + retry + " max " + max, max > ceiling * 9 / 10);
    }
  }

  @Test
  public void veryLateRetriesStayAtTheCap() {
    Backoff b = Backoff.standard();
    for (int i = 0; i < DRAWS; i++) {
      long ms = b.delay(200, null).toMillis();
      assertTrue(String.valueOf(ms), ms >= 0 && ms <= 60_000);
    }
  }

  @Test
  public void neverLessThanRetryAfter() {
    Backoff b = Backoff.standard();
    Duration asked = Duration.ofSeconds(5);
    for (int i = 0; i < DRAWS; i++) {
      // First retry: the jitter is under 500 ms, so the provider's 5 s wins every time.
      assertEquals(asked, b.delay(1, asked));
      Duration late = b.delay(8, asked); // ceiling 60 s
      assertTrue(late.toString(), late.compareTo(asked) >= 0 && late.toMillis() <= 60_000);
    }
  }

  @Test
  public void retryAfterAboveTheCapIsStillHonoured() {
    Backoff b = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(1));
    assertEquals(Duration.ofSeconds(90), b.delay(3, Duration.ofSeconds(90)));
  }
}
