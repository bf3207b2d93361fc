package org.ihlbench.transforms.stats;

import java.io.Serializable;
import org.ihlbench.records.ScoredSample;

/**
 * Everything one prompt contributed to one cell (model x condition x variant x kind): what each
 * seed came to, from which its counts follow, and where the prompt sits in the rule table (for
 * the breakdowns). The cluster of every interval and test.
 */
public final class PromptTally implements Serializable {
  private static final long serialVersionUID = 1L;

  public final SeedOutcomes seeds = new SeedOutcomes();
  /** Counts of samples whose seed was already taken (a sample seen twice); usually empty. */
  Tally repeated = new Tally();
  public Integer ruleNumber;
  public String part;
  public String chapter;

  /** Adds one sample of this prompt. */
  public PromptTally add(ScoredSample s) {
    return add(SampleOutcome.of(s));
  }

  /** Adds one sample of this prompt. */
  public PromptTally add(SampleOutcome s) {
    byte before = seeds.get(s.seed());
    if (!seeds.put(s.seed(), s.code())) {
      SeedOutcomes.count((byte) Math.min(before, s.code()), repeated);
    }
    if (ruleNumber == null && part == null && chapter == null) {
      ruleNumber = s.ruleNumber();
      part = s.part();
      chapter = s.chapter();
    }
    return this;
  }

  /** Adds another partial tally of the same prompt. */
  public PromptTally merge(PromptTally other) {
    for (byte code : seeds.addAll(other.seeds)) {
      SeedOutcomes.count(code, repeated);
    }
    repeated = repeated.add(other.repeated);
    if (ruleNumber == null && part == null && chapter == null) {
      ruleNumber = other.ruleNumber;
      part = other.part;
      chapter = other.chapter;
    }
    return this;
  }

  /** The prompt's counts (without cost, which cells keep). */
  public Tally tally() {
    Tally t = new Tally();
    seeds.countInto(t);
    return t.add(repeated);
  }
}
