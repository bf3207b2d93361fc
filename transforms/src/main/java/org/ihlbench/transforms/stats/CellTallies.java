package org.ihlbench.transforms.stats;

import java.io.Serializable;
import java.util.HashMap;
import java.util.Map;
import org.ihlbench.records.ScoredSample;

/**
 * One cell's samples summed per prompt, plus the cell's spend: the input of every table
 * (summary, breakdowns, paired deltas). Partial tallies merge in any order; memory grows with
 * prompts and seeds, a byte or two per sample.
 */
public final class CellTallies implements Serializable {
  private static final long serialVersionUID = 1L;

  public final Map<String, PromptTally> prompts;
  public double cost;

  public CellTallies() {
    this(new HashMap<>(), 0);
  }

  CellTallies(Map<String, PromptTally> prompts, double cost) {
    this.prompts = prompts;
    this.cost = cost;
  }

  public CellTallies add(ScoredSample s) {
    return add(SampleOutcome.of(s));
  }

  public CellTallies add(SampleOutcome s) {
    prompts.computeIfAbsent(s.promptId(), k -> new PromptTally()).add(s);
    cost += s.cost();
    return this;
  }

  public CellTallies merge(CellTallies other) {
    other.prompts.forEach((id, t) -> {
      PromptTally mine = prompts.get(id);
      if (mine == null) {
        prompts.put(id, t);
      } else {
        mine.merge(t);
      }
    });
    cost += other.cost;
    return this;
  }

  /** The cell's total counts, with its spend. */
  public Tally total() {
    Tally total = new Tally();
    for (PromptTally t : prompts.values()) {
      total = total.add(t.tally());
    }
    total.cost = cost;
    return total;
  }
}
