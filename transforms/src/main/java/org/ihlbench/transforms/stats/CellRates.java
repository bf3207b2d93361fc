package org.ihlbench.transforms.stats;

import java.util.Collection;

/**
 * The rates of a set of prompts (a summary cell, or its part in one Part, chapter or rule) with
 * intervals clustered by prompt: refusals / decided samples, helpful refusals / refusals.
 */
public record CellRates(Tally total, int clusters, Intervals.Interval refusal,
    Intervals.Interval helpful, double refusalIcc) {

  public static CellRates of(Collection<PromptTally> prompts) {
    Tally total = new Tally();
    long[] refused = new long[prompts.size()];
    long[] decided = new long[prompts.size()];
    long[] helpful = new long[prompts.size()];
    int clusters = 0;
    long mostSamples = 0;
    for (PromptTally p : prompts) {
      Tally t = p.tally();
      total = total.add(t);
      mostSamples = Math.max(mostSamples, t.n + t.errors + t.undecided);
      if (t.n > 0) {
        refused[clusters] = t.refused;
        decided[clusters] = t.n;
        helpful[clusters] = t.helpful;
        clusters++;
      }
    }
    refused = java.util.Arrays.copyOf(refused, clusters);
    decided = java.util.Arrays.copyOf(decided, clusters);
    helpful = java.util.Arrays.copyOf(helpful, clusters);
    Intervals.Interval refusal = clusters > 0 ? Intervals.clustered(refused, decided)
        // Nothing decided (every call failed, say): no interval, but the method still names
        // the design, from the samples each prompt had.
        : Intervals.Interval.empty(mostSamples > 1 ? Intervals.BETA_BINOMIAL
            : Intervals.WILSON_JEFFREYS);
    return new CellRates(total, clusters, refusal, Intervals.clustered(helpful, refused),
        Icc.anova(refused, decided));
  }

  /** The refusal interval's method, which names the design: wilson-jeffreys or beta-binomial. */
  public String method() {
    return refusal.method();
  }
}
