package org.ihlbench.simulator;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.Test;

public class PromptEffectTest {
  private static BehaviourRule rule() {
    EnumMap<AnswerClass, Double> p = new EnumMap<>(AnswerClass.class);
    p.put(AnswerClass.TERSE_REFUSAL, 0.5);
    p.put(AnswerClass.EXPLANATORY_REFUSAL, 0.3);
    p.put(AnswerClass.PARTIAL, 0.1);
    p.put(AnswerClass.COMPLIANCE, 0.1);
    return new BehaviourRule(null, null, null, null, null, p);
  }

  private static SimRequest request(int prompt, int seed) {
    return new SimRequest("sim-a", null,
        List.of(new SimRequest.Message("user", "placeholder prompt number " + prompt)), seed, 100,
        "k");
  }

  /** As the simulator answers: the request's own coin, through the prompt effect. */
  private static AnswerClass answer(PromptEffect effect, int prompt, int seed) {
    SimRequest r = request(prompt, seed);
    return effect.choose(rule(), r, Draw.uniform("class", r.fingerprint()));
  }

  @Test
  public void seedsOfAPromptAgreeAsStatedAndTheRateStaysTheRules() {
    // 400 prompts x 10 seeds at refusal probability 0.8, ICC 0.3. The one-way ANOVA estimate of
    // the ICC (balanced) and the refusal rate, against the stated values: with 400 prompts the
    // estimate's standard error is about 0.03, the rate's about 0.012 (design effect 3.7).
    PromptEffect effect = new PromptEffect(0.3, 7);
    int prompts = 400;
    int seeds = 10;
    double sum = 0;
    double sumSquares = 0;
    double withinSum = 0;
    Map<AnswerClass, Integer> classes = new EnumMap<>(AnswerClass.class);
    for (int p = 0; p < prompts; p++) {
      int k = 0;
      for (int s = 0; s < seeds; s++) {
        AnswerClass c = answer(effect, p, s);
        classes.merge(c, 1, Integer::sum);
        k += c.isRefusal() ? 1 : 0;
      }
      sum += k;
      sumSquares += (double) k * k;
      withinSum += k - (double) k * k / seeds;
    }
    double n = prompts * seeds;
    double rate = sum / n;
    double msb = (sumSquares / seeds - sum * sum / n) / (prompts - 1);
    double msw = withinSum / (n - prompts);
    double icc = (msb - msw) / (msb + (seeds - 1) * msw);
    assertEquals("refusal rate", 0.8, rate, 0.036);
    assertEquals("intra-prompt correlation", 0.3, icc, 0.09);
    // Within refusals, terse : explained stays 5 : 3.
    double terse = classes.get(AnswerClass.TERSE_REFUSAL);
    double explained = classes.get(AnswerClass.EXPLANATORY_REFUSAL);
    assertEquals(0.625, terse / (terse + explained), 0.03);
  }

  @Test
  public void withoutAnEffectSeedsAreIndependent() {
    PromptEffect none = new PromptEffect(0, 7);
    assertEquals(0.8, none.propensity(0.8, request(1, 1)), 0);
    PromptEffect effect = new PromptEffect(0.3, 7);
    assertEquals(1.0, effect.propensity(1.0, request(1, 1)), 0);
    assertEquals(0.0, effect.propensity(0.0, request(1, 1)), 0);
  }

  @Test
  public void theSameRequestGetsTheSameAnswerAndThePropensityIgnoresTheSeed() {
    PromptEffect effect = new PromptEffect(0.3, 7);
    for (int p = 0; p < 50; p++) {
      assertEquals(answer(effect, p, 3), answer(effect, p, 3));
      assertEquals(effect.propensity(0.8, request(p, 1)), effect.propensity(0.8, request(p, 2)),
          0);
    }
    // Another effect seed gives the prompts other propensities.
    PromptEffect other = new PromptEffect(0.3, 8);
    int differ = 0;
    for (int p = 0; p < 50; p++) {
      differ += effect.propensity(0.8, request(p, 1)) != other.propensity(0.8, request(p, 1))
          ? 1 : 0;
    }
    assertTrue(differ > 45);
  }

  @Test
  public void theProfileReadsAndChecksIt() {
    SimulatorProfile p = SimulatorProfile.parse("models:\n  m:\n    prompt_effect: {icc: 0.25,"
        + " seed: 3}\n    behaviour:\n      - p: {terse_refusal: 0.5, compliance: 0.5}\n",
        "test.yaml", null);
    assertEquals(new PromptEffect(0.25, 3), p.models().get("m").promptEffect());
    ProfileException bad = org.junit.Assert.assertThrows(ProfileException.class,
        () -> SimulatorProfile.parse("models:\n  m:\n    prompt_effect: {icc: 1.2}\n"
            + "    behaviour:\n      - p: {compliance: 1}\n", "test.yaml", null));
    assertTrue(bad.getMessage(), bad.getMessage().contains("models.m.prompt_effect.icc"));
    ProfileException unknown = org.junit.Assert.assertThrows(ProfileException.class,
        () -> SimulatorProfile.parse("models:\n  m:\n    prompt_effect: {rho: 0.2}\n"
            + "    behaviour:\n      - p: {compliance: 1}\n", "test.yaml", null));
    assertTrue(unknown.getMessage(), unknown.getMessage().contains("prompt_effect.rho"));
  }
}
