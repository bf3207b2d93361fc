package org.ihlbench.transforms.ratelimit;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import org.ihlbench.transforms.ratelimit.PacedRun.Provider;
import org.ihlbench.transforms.ratelimit.PacedRun.RetryAfter;
import org.junit.Test;

/**
 * The learner against a provider like the real ones, in virtual time ({@link PacedRun}): 600
 * requests a minute enforced as a token bucket holding a second's worth, 200 ms latency, 600
 * calls, a window of 64. The targets, here deterministic: every call answered, at least
 * 95% of the available rate, at most 5% of requests answered 429 (1% with headers).
 */
public class LimitLearnerTest {
  private static final int CALLS = 600;
  private static final int WINDOW = 64;

  private static PacedRun run(double declaredPerMinute, Provider provider) {
    PacedRun r = new PacedRun(provider, new LimitLearner(declaredPerMinute, 0, 1, WINDOW, 0));
    r.run(CALLS, 200);
    System.out.println("LimitLearnerTest: " + r.report());
    return r;
  }

  private static void meetsTargets(PacedRun r, double most429) {
    assertEquals(r.report(), CALLS, r.provider.answered);
    assertTrue("rate: " + r.report(), r.shareOfAvailable() >= 0.95);
    assertTrue("429s: " + r.report(), r.throttledShare() <= most429);
  }

  @Test
  public void declaredLimitIsKept() {
    PacedRun r = run(600, new Provider(600, 0, RetryAfter.SECONDS, false));
    meetsTargets(r, 0.01);
    assertTrue(r.report(), r.shareOfAvailable() >= 0.97);
    assertEquals(LimitLearner.Source.DECLARED, r.learner.state().source());
  }

  @Test
  public void undeclaredLimitIsLearnedFrom429s() {
    for (RetryAfter ra : RetryAfter.values()) {
      PacedRun r = run(0, new Provider(600, 0, ra, false));
      meetsTargets(r, 0.05);
      assertEquals(ra + ": " + r.report(), LimitLearner.Source.LEARNED, r.learner.state().source());
    }
  }

  @Test
  public void headersSetThePaceBeforeAny429() {
    PacedRun r = run(0, new Provider(600, 0, RetryAfter.SECONDS, true));
    meetsTargets(r, 0.01);
    assertEquals(LimitLearner.Source.HEADERS, r.learner.state().source());
    assertEquals(600, r.learner.announcedRequestsPerMinute(), 1e-9);
  }

  @Test
  public void aDeclaredLimitTooHighIsLearnedDown() {
    for (RetryAfter ra : RetryAfter.values()) {
      PacedRun r = run(1200, new Provider(600, 0, ra, false));
      meetsTargets(r, 0.05);
    }
  }

  @Test
  public void aStallingLoopStillLearnsTheLimit() {
    // The dispatch loop of a busy machine: 300 ms without starting anything, every 2 s.
    for (RetryAfter ra : RetryAfter.values()) {
      for (double declared : new double[] {0, 1200}) {
        PacedRun r = new PacedRun(new Provider(600, 0, ra, false),
            new LimitLearner(declared, 0, 1, WINDOW, 0));
        r.stallEveryMs = 2000;
        r.stallMs = 300;
        r.run(CALLS, 200);
        System.out.println("LimitLearnerTest (stalls): " + r.report());
        // A stalled loop loses starts for good beyond the two the pacer makes up at once: with
        // 15% of the time stalled that is a few percent, whatever the learning.
        assertEquals(r.report(), CALLS, r.provider.answered);
        assertTrue("rate: " + r.report(), r.shareOfAvailable() >= 0.93);
        assertTrue("429s: " + r.report(), r.throttledShare() <= 0.05);
      }
    }
  }

  @Test
  public void anotherClientOnTheKeyLeavesHalf() {
    for (RetryAfter ra : RetryAfter.values()) {
      meetsTargets(run(600, new Provider(600, 300, ra, false)), 0.05);
      meetsTargets(run(0, new Provider(600, 300, ra, false)), 0.05);
      meetsTargets(run(0, new Provider(600, 300, ra, true)), 0.05);
    }
  }

  // The rules, one at a time.

  private static final long MS = 1_000_000L;
  private static final long S = 1_000_000_000L;
  private static final long T0 = 123_456_789_000L;
  private static final RateLimitHeaders NONE = RateLimitHeaders.NONE;

  /** A call started at {@code at} and answered {@code latencyMs} later. */
  private static void answered(LimitLearner l, long at, long latencyMs) {
    l.started(at);
    l.succeeded(at + latencyMs * MS, at, 10, 10, NONE);
  }

  @Test
  public void aLone429UnderADeclaredPacePausesWithoutSlowingDown() {
    LimitLearner l = new LimitLearner(600, 0, 1, 64, T0);
    answered(l, T0, 200);
    l.started(T0 + S);
    l.throttled(T0 + S + MS, T0 + S, 2 * S, NONE);
    assertEquals(600, l.state().requestsPerMinute(), 1e-9);
    assertEquals(LimitLearner.Source.DECLARED, l.state().source());
    assertEquals(1, l.state().rateLimited());
    assertEquals("paused for what the provider asked", 2 * S, l.reserve(T0 + S + MS, 1));
  }

  @Test
  public void a429SoonAfterAnotherCutsThePaceAndSuccessesWinItBack() {
    LimitLearner l = new LimitLearner(600, 0, 1, 64, T0);
    answered(l, T0, 200);
    l.started(T0 + S);
    l.throttled(T0 + S, T0 + S, 100 * MS, NONE);
    // Ten a second admitted between two 429s: the limit is about that; the pace goes below it.
    for (int i = 1; i < 20; i++) {
      answered(l, T0 + S + i * 100 * MS, 200);
    }
    l.started(T0 + 3 * S);
    l.throttled(T0 + 3 * S, T0 + 3 * S, 100 * MS, NONE);
    double cut = l.state().requestsPerMinute();
    assertEquals("0.9 of the 9.5/s admitted", 0.9 * 19 / 2 * 60, cut, 1e-6);
    assertEquals(LimitLearner.Source.LEARNED, l.state().source());
    // Calls held back by the pace, then answered: the pace comes back, up to the declared one.
    long t = T0 + 4 * S;
    for (int i = 0; i < 2000 && l.state().source() == LimitLearner.Source.LEARNED; i++) {
      assertTrue(l.reserve(t, 1) >= 0);
      l.reserve(t, 1); // the next one waits: the pace binds
      answered(l, t, 200);
      t += 100 * MS;
    }
    assertEquals(LimitLearner.Source.DECLARED, l.state().source());
    assertEquals(600, l.state().requestsPerMinute(), 1e-9);
  }

  @Test
  public void a429ForACallInFlightAtTheLastOneIsTheSameBurst() {
    LimitLearner l = new LimitLearner(600, 0, 1, 64, T0);
    answered(l, T0 - 2 * S, 200);
    // Eight calls started together; their 429s come back one after another.
    for (int i = 0; i < 8; i++) {
      l.started(T0);
    }
    for (int i = 0; i < 8; i++) {
      l.throttled(T0 + 50 * MS + i * MS, T0, S, NONE);
    }
    assertEquals("one burst is one event", 600, l.state().requestsPerMinute(), 1e-9);
    assertEquals(8, l.state().rateLimited());
    assertEquals("the pause runs from the last of them", S, l.reserve(T0 + 57 * MS, 1));
    // A call started after the burst and refused too (with an answer between): the limit is lower.
    answered(l, T0 + 1500 * MS, 200);
    l.started(T0 + 2 * S);
    l.throttled(T0 + 2 * S + MS, T0 + 2 * S, S, NONE);
    assertTrue(l.state().requestsPerMinute() < 600);
  }

  @Test
  public void aStormOf429sWithNothingAnsweredDoesNotCutAgain() {
    LimitLearner l = new LimitLearner(600, 0, 1, 64, T0);
    answered(l, T0, 200);
    l.started(T0 + S);
    l.throttled(T0 + S, T0 + S, 100 * MS, NONE);
    answered(l, T0 + 2 * S, 200);
    l.started(T0 + 3 * S);
    l.throttled(T0 + 3 * S, T0 + 3 * S, 100 * MS, NONE);
    double cut = l.state().requestsPerMinute();
    for (int i = 4; i < 100; i++) {
      l.started(T0 + i * S);
      l.throttled(T0 + i * S + MS, T0 + i * S, 100 * MS, NONE);
    }
    assertEquals(cut, l.state().requestsPerMinute(), 1e-9);
    assertEquals(98, l.state().rateLimited());
    assertEquals("since the last answer", 96_801 * MS, l.sinceLastSuccess(T0 + 99 * S + MS));
  }

  @Test
  public void throttledWaitsASecondWhenNoWaitIsNamedAndAtLeast100Ms() {
    LimitLearner l = new LimitLearner(600, 0, 1, 64, T0);
    l.started(T0);
    l.throttled(T0, T0, 0, NONE);
    assertEquals(S, l.reserve(T0, 1));
    LimitLearner m = new LimitLearner(600, 0, 1, 64, T0);
    m.started(T0);
    m.throttled(T0, T0, 5 * MS, NONE);
    assertEquals(100 * MS, m.reserve(T0, 1));
  }

  @Test
  public void withoutADeclaredLimitTheFirstCallGoesAloneThenTheWindowOpens() {
    LimitLearner l = new LimitLearner(0, 0, 1, 64, T0);
    assertEquals(1, l.window());
    assertEquals(LimitLearner.Source.WINDOW, l.state().source());
    assertEquals(Double.POSITIVE_INFINITY, l.state().requestsPerMinute(), 0);
    answered(l, T0, 200);
    assertEquals(64, l.window());
    // Evenly at what the window allows (1.5 x 64 / 0.2 s), not all at once.
    assertEquals(0, l.reserve(T0 + S, 1));
    assertEquals("a burst of two", 0, l.reserve(T0 + S, 1));
    assertEquals(2_083_334, l.reserve(T0 + S, 1), 1);
    LimitLearner declared = new LimitLearner(600, 0, 1, 64, T0);
    assertEquals("a declared limit is trusted from the start", 64, declared.window());
  }

  @Test
  public void aLearnedPaceKeepsTheWindowToAboutTwiceItsRateTimesTheLatency() {
    LimitLearner l = new LimitLearner(0, 0, 1, 64, T0);
    answered(l, T0, 200);
    l.started(T0 + S);
    l.throttled(T0 + S, T0 + S, 100 * MS, NONE);
    answered(l, T0 + 2 * S, 200);
    l.started(T0 + 3 * S);
    l.throttled(T0 + 3 * S, T0 + 3 * S, 100 * MS, NONE);
    double perSecond = l.state().requestsPerMinute() / 60;
    assertEquals(LimitLearner.Source.LEARNED, l.state().source());
    assertEquals((int) Math.ceil(2 * perSecond * 0.2 + 2), l.window());
  }

  @Test
  public void headersSetAnUndeclaredPaceAndCapADeclaredOne() {
    RateLimitHeaders announced = RateLimitHeaders.of(RateLimitHeadersTest.headers(
        "x-ratelimit-limit-requests", "600", "x-ratelimit-remaining-requests", "599",
        "x-ratelimit-reset-requests", "100ms"), java.time.Instant.now());
    LimitLearner undeclared = new LimitLearner(0, 0, 2, 64, T0);
    undeclared.started(T0);
    undeclared.succeeded(T0 + 200 * MS, T0, 10, 10, announced);
    assertEquals("each of two shards keeps half", 300, undeclared.state().requestsPerMinute(), 1e-9);
    assertEquals(LimitLearner.Source.HEADERS, undeclared.state().source());
    assertEquals(600, undeclared.announcedRequestsPerMinute(), 1e-9);
    assertEquals(64, undeclared.window());

    LimitLearner tooHigh = new LimitLearner(1200, 0, 1, 64, T0);
    tooHigh.started(T0);
    tooHigh.succeeded(T0 + 200 * MS, T0, 10, 10, announced);
    assertEquals(600, tooHigh.state().requestsPerMinute(), 1e-9);
    assertEquals(LimitLearner.Source.HEADERS, tooHigh.state().source());

    LimitLearner lower = new LimitLearner(300, 0, 1, 64, T0);
    lower.started(T0);
    lower.succeeded(T0 + 200 * MS, T0, 10, 10, announced);
    assertEquals("a lower declared limit stands", 300, lower.state().requestsPerMinute(), 1e-9);
    assertEquals(LimitLearner.Source.DECLARED, lower.state().source());
  }

  @Test
  public void anAnsweredCallWhoseBudgetIsUsedUpPausesUntilOneIsBack() {
    RateLimitHeaders spent = RateLimitHeaders.of(RateLimitHeadersTest.headers(
        "x-ratelimit-limit-requests", "60", "x-ratelimit-remaining-requests", "0",
        "x-ratelimit-reset-requests", "30s"), java.time.Instant.now());
    LimitLearner l = new LimitLearner(60, 0, 1, 64, T0);
    l.started(T0);
    l.succeeded(T0 + 200 * MS, T0, 10, 10, spent);
    assertEquals("30 s for 60: half a second", 500 * MS, l.reserve(T0 + 200 * MS, 1));
    assertEquals(0, l.state().rateLimited());
  }

  @Test
  public void a429ForTokensLearnsATokenPaceAndLeavesTheRequestPace() {
    RateLimitHeaders tokensOut = RateLimitHeaders.of(RateLimitHeadersTest.headers(
        "x-ratelimit-remaining-requests", "40", "x-ratelimit-remaining-tokens", "0",
        "x-ratelimit-reset-tokens", "2s"), java.time.Instant.now());
    LimitLearner l = new LimitLearner(6000, 0, 1, 64, T0);
    // Answers of 1,000 tokens, ten a second, for three seconds.
    for (int i = 0; i < 30; i++) {
      l.started(T0 + i * 100 * MS);
      l.succeeded(T0 + i * 100 * MS + 200 * MS, T0 + i * 100 * MS, 1000, 1000, NONE);
    }
    assertEquals(Double.POSITIVE_INFINITY, l.state().tokensPerMinute(), 0);
    l.started(T0 + 3 * S);
    l.throttled(T0 + 3 * S + MS, T0 + 3 * S, 0, tokensOut);
    double perSecond = l.state().tokensPerMinute() / 60;
    assertTrue("a token pace below the 10,000 a second admitted: " + perSecond,
        perSecond > 5_000 && perSecond < 10_000);
    assertEquals("the request pace stands", 6000, l.state().requestsPerMinute(), 1e-9);
    assertEquals(LimitLearner.Source.LEARNED, l.state().source());
    // Calls of 1,000 tokens now go at the token pace (a second's worth at once, then evenly),
    // not at the 100 a second the request pace would allow.
    long t = T0 + 10 * S;
    int calls = 0;
    while (t < T0 + 20 * S) {
      long wait = l.reserve(t, 1000);
      if (wait == 0) {
        calls++;
      } else {
        t += wait;
      }
    }
    assertEquals(perSecond * 10 / 1000 + perSecond / 1000, calls, 2);
  }
}
