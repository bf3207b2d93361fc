package org.ihlbench.transforms.stats;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Serializable;
import java.util.HashMap;
import java.util.Map;
import org.apache.beam.sdk.coders.AtomicCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarIntCoder;
import org.ihlbench.records.ScoredSample;

/**
 * One cell's samples summed per prompt: the accumulator of the one pass over judged samples, and
 * the input of every table (summary, breakdowns, paired deltas). Partial tallies merge in any
 * order, so the pass splits across workers at any size; memory grows with prompts and seeds, not
 * with samples.
 */
public final class CellTallies implements Serializable {
  private static final long serialVersionUID = 1L;

  public final Map<String, PromptTally> prompts;

  public CellTallies() {
    this(new HashMap<>());
  }

  private CellTallies(Map<String, PromptTally> prompts) {
    this.prompts = prompts;
  }

  public CellTallies add(ScoredSample s) {
    prompts.computeIfAbsent(s.getPromptId(), k -> new PromptTally()).add(s);
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
    return this;
  }

  /** The cell's total counts. */
  public Tally total() {
    Tally total = new Tally();
    for (PromptTally t : prompts.values()) {
      total = total.add(t.tally);
    }
    return total;
  }

  /** Prompt count, then (prompt id, tally) pairs. */
  public static final class CellTalliesCoder extends AtomicCoder<CellTallies> {
    private static final CellTalliesCoder INSTANCE = new CellTalliesCoder();

    public static CellTalliesCoder of() {
      return INSTANCE;
    }

    @Override
    public void encode(CellTallies c, OutputStream out) throws IOException {
      VarIntCoder.of().encode(c.prompts.size(), out);
      for (Map.Entry<String, PromptTally> e : c.prompts.entrySet()) {
        StringUtf8Coder.of().encode(e.getKey(), out);
        PromptTally.PromptTallyCoder.of().encode(e.getValue(), out);
      }
    }

    @Override
    public CellTallies decode(InputStream in) throws IOException {
      int n = VarIntCoder.of().decode(in);
      Map<String, PromptTally> prompts = new HashMap<>(Math.max(16, n * 2));
      for (int i = 0; i < n; i++) {
        prompts.put(StringUtf8Coder.of().decode(in), PromptTally.PromptTallyCoder.of().decode(in));
      }
      return new CellTallies(prompts);
    }
  }
}
