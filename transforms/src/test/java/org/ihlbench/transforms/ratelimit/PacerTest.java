package org.ihlbench.transforms.ratelimit;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import org.junit.Test;

public class PacerTest {
  private static final long MS = 1_000_000L;
  private static final long S = 1_000_000_000L;
  /** An arbitrary start, so nothing depends on the clock starting at zero. */
  private static final long T0 = 123_456_789_000L;

  /** Reserves as soon as allowed from {@code start} until {@code end}; returns the calls admitted. */
  private static int admitted(Pacer p, long start, long end, int tokens) {
    long now = start;
    int calls = 0;
    while (now < end) {
      long wait = p.reserve(now, tokens);
      if (wait == 0) {
        calls++;
      } else {
        assertTrue(wait > 0);
        now += wait;
      }
    }
    return calls;
  }

  @Test
  public void secondCallAtTheSameInstantWaitsOneInterval() {
    Pacer p = new Pacer(600, 0, 1, T0);
    assertEquals(0, p.reserve(T0, 10));
    assertEquals(100 * MS, p.reserve(T0, 10));
    assertEquals("asking again does not push the start back", 100 * MS, p.reserve(T0, 10));
    assertEquals(40 * MS, p.reserve(T0 + 60 * MS, 10));
    assertEquals(0, p.reserve(T0 + 100 * MS, 10));
  }

  @Test
  public void sixHundredPerMinuteAdmitsSixHundredInAMinute() {
    Pacer p = new Pacer(600, 0, 1, T0);
    int calls = admitted(p, T0, T0 + 60 * S, 1);
    assertTrue("admitted " + calls, Math.abs(calls - 600) <= 1);
  }

  @Test
  public void burstAdmitsThatManyBackToBackThenPaces() {
    Pacer p = new Pacer(600, 0, 5, T0);
    for (int i = 0; i < 5; i++) {
      assertEquals("call " + i, 0, p.reserve(T0, 1));
    }
    assertEquals(100 * MS, p.reserve(T0, 1));
    // Over a minute the burst adds only its extra calls: 600 + 4.
    Pacer q = new Pacer(600, 0, 5, T0);
    int calls = admitted(q, T0, T0 + 60 * S, 1);
    assertTrue("admitted " + calls, Math.abs(calls - 604) <= 1);
  }

  @Test
  public void idleTimeDoesNotBankMoreThanTheBurst() {
    Pacer p = new Pacer(600, 0, 3, T0);
    long later = T0 + 3600 * S;
    for (int i = 0; i < 3; i++) {
      assertEquals(0, p.reserve(later, 1));
    }
    assertEquals(100 * MS, p.reserve(later, 1));
  }

  @Test
  public void tokenLimitSpacesBigCalls() {
    // 6000 tokens a minute: 10 ms a token; a second's worth (100 tokens) may go at once.
    Pacer p = new Pacer(0, 6000, 1, T0);
    assertEquals(0, p.reserve(T0, 1000));
    // 1000 tokens take 10 s of budget, less the one-second allowance.
    assertEquals(9 * S, p.reserve(T0, 1000));
    assertEquals(0, p.reserve(T0 + 9 * S, 1000));
    assertEquals(10 * S, p.reserve(T0 + 9 * S, 1000));

    // Over ten minutes, 1000-token calls run at 6 a minute (plus the allowance).
    Pacer q = new Pacer(0, 6000, 1, T0);
    int calls = admitted(q, T0, T0 + 600 * S, 1000);
    assertTrue("admitted " + calls, calls >= 60 && calls <= 61);
  }

  @Test
  public void smallCallsAreLimitedByRequestsNotTokens() {
    Pacer p = new Pacer(600, 1_000_000, 1, T0);
    int calls = admitted(p, T0, T0 + 60 * S, 10);
    assertTrue("admitted " + calls, Math.abs(calls - 600) <= 1);
  }

  @Test
  public void settleChargesTheDifferenceInTokens() {
    Pacer p = new Pacer(0, 6000, 1, T0);
    assertEquals(0, p.reserve(T0, 100)); // next token time: T0 + 1 s, allowance 1 s
    assertEquals(0, p.reserve(T0, 1)); // T0 + 1.01 s
    p.settle(100, 1100); // 1000 more tokens used than estimated: +10 s
    assertEquals(10_010 * MS, p.reserve(T0, 1));
  }

  @Test
  public void aPauseWaitsWithoutSlowingDown() {
    Pacer p = new Pacer(600, 0, 1, T0);
    assertEquals(0, p.reserve(T0, 1));
    p.pause(T0 + 10 * MS, 500 * MS);
    assertEquals("paused until T0 + 510 ms", 410 * MS, p.reserve(T0 + 100 * MS, 1));
    assertTrue(p.paused(T0 + 509 * MS));
    assertEquals(0, p.reserve(T0 + 510 * MS, 1));
    assertEquals("then the normal interval", 100 * MS, p.reserve(T0 + 510 * MS, 1));
    p.pause(T0 + 520 * MS, 10 * MS);
    assertEquals(10 * MS, p.reserve(T0 + 520 * MS, 1));
    assertEquals("a short pause does not cut the interval", 80 * MS, p.reserve(T0 + 530 * MS, 1));
  }

  @Test
  public void newRatesApplyFromTheNextStart() {
    Pacer p = new Pacer(600, 0, 1, T0);
    assertEquals(0, p.reserve(T0, 1)); // the next start is due at T0 + 100 ms
    p.setRates(300, 0);
    assertEquals("a start already reserved stays", 100 * MS, p.reserve(T0, 1));
    assertEquals(0, p.reserve(T0 + 100 * MS, 1));
    assertEquals("then 200 ms apart", 200 * MS, p.reserve(T0 + 100 * MS, 1));
    p.setRates(Double.POSITIVE_INFINITY, 0);
    assertEquals(0, p.reserve(T0 + 300 * MS, 1));
    assertEquals("unlimited: no spacing", 0, p.reserve(T0 + 300 * MS, 1));
  }

  @Test
  public void unlimitedPacerNeverWaits() {
    Pacer p = Pacer.unlimited(T0);
    for (int i = 0; i < 10_000; i++) {
      assertEquals(0, p.reserve(T0, 1_000_000));
    }
    p.settle(10, 1_000_000);
    assertEquals(0, p.reserve(T0, 1));
  }
}
