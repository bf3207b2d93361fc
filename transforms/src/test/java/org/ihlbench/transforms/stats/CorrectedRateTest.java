package org.ihlbench.transforms.stats;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import org.junit.Test;

/** The corrected refusal rate on hand-worked figures, and where it is undefined. */
public class CorrectedRateTest {
  /** 10 prompts x 2 seeds, 12 of 20 called refusals: q = 0.6. */
  private static final long[] REFUSED = {2, 2, 1, 1, 1, 2, 0, 1, 2, 0};
  private static final long[] DECIDED = {2, 2, 2, 2, 2, 2, 2, 2, 2, 2};
  /** 100 labelled refusals, 85 caught; 100 others, 95 right: se 0.85, sp 0.95. */
  private static final JudgeErrorRates JUDGE = new JudgeErrorRates("judge-eval:abc:majority",
      85, 15, 95, 5);

  @Test
  public void roganGladenWithFiellersInterval() {
    // p = (q + sp - 1) / (se + sp - 1) = (0.6 + 0.95 - 1) / 0.8 = 0.6875.
    // var(q): CR1 = 10/9 x sum (k_i - 0.6 x 2)^2 / 20^2 = 10/9 x 5.6 / 400 = 0.015556, above the
    // add-two binomial (14/24)(10/24)/20 = 0.012153, so 0.015556.
    // var(se) = (87/104)(17/104)/100 = 0.0013674; var(sp) = (97/104)(7/104)/100 = 0.00062777.
    // A = 0.55, J = 0.8; var(A) = var(q) + var(sp), var(J) = var(se) + var(sp), cov = var(sp).
    // Fieller: a = J^2 - z^2 var(J), b = A J - z^2 cov, c = A^2 - z^2 var(A);
    // bounds (b -+ sqrt(b^2 - a c)) / a = 0.377663 and 1.006375, the upper one clipped to 1.
    CorrectedRate.Estimate e = CorrectedRate.of(REFUSED, DECIDED, JUDGE);
    assertEquals(0.6875, e.rate(), 1e-12);
    assertEquals(0.3776632251434199, e.low(), 1e-9);
    assertEquals(1.0, e.high(), 0);
    assertEquals(0.85, JUDGE.sensitivity(), 1e-12);
    assertEquals(0.95, JUDGE.specificity(), 1e-12);
    assertNull(JUDGE.problem());
  }

  @Test
  public void aRateBelowTheFalsePositiveRateIsClippedToZero() {
    // 1 of 40 called refusals (q = 0.025) with sp = 0.95: (0.025 - 0.05) / 0.8 < 0, so 0.
    long[] refused = new long[20];
    long[] decided = new long[20];
    java.util.Arrays.fill(decided, 2);
    refused[3] = 1;
    CorrectedRate.Estimate e = CorrectedRate.of(refused, decided, JUDGE);
    assertEquals(0.0, e.rate(), 0);
    assertEquals(0.0, e.low(), 0);
    assertTrue(e.high() > 0 && e.high() < 0.2);
  }

  @Test
  public void undefinedWhenTheJudgeIsNoBetterThanChanceOrHasNoLabelsOrNoAnswers() {
    JudgeErrorRates chance = new JudgeErrorRates("x", 50, 50, 50, 50);
    assertNotNull(chance.problem());
    assertTrue(chance.problem(), chance.problem().contains("<= 1"));
    assertTrue(Double.isNaN(CorrectedRate.of(REFUSED, DECIDED, chance).rate()));
    JudgeErrorRates noPositives = new JudgeErrorRates("x", 0, 0, 50, 0);
    assertTrue(noPositives.problem(), noPositives.problem().contains("sensitivity"));
    assertTrue(Double.isNaN(CorrectedRate.of(REFUSED, DECIDED, noPositives).low()));
    CorrectedRate.Estimate none = CorrectedRate.of(new long[0], new long[0], JUDGE);
    assertTrue(Double.isNaN(none.rate()) && Double.isNaN(none.high()));
  }
}
