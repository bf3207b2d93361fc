package org.ihlbench.transforms.stats;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.coders.AtomicCoder;
import org.apache.beam.sdk.coders.DoubleCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarIntCoder;
import org.ihlbench.records.ScoredSample;

/**
 * One model's judged samples summed per cell ({@link Cell#key()}) and prompt: the accumulator of
 * the one pass. Grouping by model rather than by cell keeps the number of groups small (the
 * Direct runner's cost grows with the square of the groups), and puts everything a model's paired
 * comparisons need in one place.
 */
public final class ModelTallies implements Serializable {
  private static final long serialVersionUID = 1L;

  public final Map<String, CellTallies> cells;

  public ModelTallies() {
    this(new HashMap<>());
  }

  private ModelTallies(Map<String, CellTallies> cells) {
    this.cells = cells;
  }

  public ModelTallies add(ScoredSample s) {
    return add(SampleOutcome.of(s));
  }

  public ModelTallies add(SampleOutcome s) {
    cells.computeIfAbsent(s.cell(), k -> new CellTallies()).add(s);
    return this;
  }

  public ModelTallies merge(ModelTallies other) {
    other.cells.forEach((key, c) -> {
      CellTallies mine = cells.get(key);
      if (mine == null) {
        cells.put(key, c);
      } else {
        mine.merge(c);
      }
    });
    return this;
  }

  /**
   * Compact on the wire, since partial tallies are what the shuffle (and the Direct runner's
   * grouping, which copies them) carries: prompt ids, Parts and chapters once each in a
   * dictionary, then per cell and prompt the seeds' outcome bytes.
   */
  public static final class ModelTalliesCoder extends AtomicCoder<ModelTallies> {
    private static final ModelTalliesCoder INSTANCE = new ModelTalliesCoder();
    private static final VarIntCoder INT = VarIntCoder.of();
    private static final StringUtf8Coder TEXT = StringUtf8Coder.of();

    public static ModelTalliesCoder of() {
      return INSTANCE;
    }

    @Override
    public void encode(ModelTallies m, OutputStream out) throws IOException {
      Map<String, Integer> texts = new LinkedHashMap<>();
      Map<String, PromptTally> prompts = new LinkedHashMap<>();
      for (CellTallies c : m.cells.values()) {
        c.prompts.forEach((id, p) -> {
          prompts.putIfAbsent(id, p);
          if (p.part != null) {
            texts.putIfAbsent(p.part, texts.size());
          }
          if (p.chapter != null) {
            texts.putIfAbsent(p.chapter, texts.size());
          }
        });
      }
      INT.encode(texts.size(), out);
      for (String t : texts.keySet()) {
        TEXT.encode(t, out);
      }
      Map<String, Integer> promptIndex = new HashMap<>();
      INT.encode(prompts.size(), out);
      for (Map.Entry<String, PromptTally> e : prompts.entrySet()) {
        promptIndex.put(e.getKey(), promptIndex.size());
        PromptTally p = e.getValue();
        TEXT.encode(e.getKey(), out);
        INT.encode(p.ruleNumber == null ? 0 : p.ruleNumber + 1, out);
        INT.encode(p.part == null ? 0 : texts.get(p.part) + 1, out);
        INT.encode(p.chapter == null ? 0 : texts.get(p.chapter) + 1, out);
      }
      INT.encode(m.cells.size(), out);
      for (Map.Entry<String, CellTallies> e : m.cells.entrySet()) {
        TEXT.encode(e.getKey(), out);
        DoubleCoder.of().encode(e.getValue().cost, out);
        INT.encode(e.getValue().prompts.size(), out);
        for (Map.Entry<String, PromptTally> p : e.getValue().prompts.entrySet()) {
          INT.encode(promptIndex.get(p.getKey()), out);
          SeedOutcomes.SeedOutcomesCoder.of().encode(p.getValue().seeds, out);
          // Samples seen twice are rare: a zero byte when there are none.
          Tally repeated = p.getValue().repeated;
          boolean none = repeated.n == 0 && repeated.errors == 0 && repeated.undecided == 0;
          out.write(none ? 0 : 1);
          if (!none) {
            Tally.TallyCoder.of().encode(repeated, out);
          }
        }
      }
    }

    @Override
    public ModelTallies decode(InputStream in) throws IOException {
      int nTexts = INT.decode(in);
      List<String> texts = new ArrayList<>(nTexts);
      for (int i = 0; i < nTexts; i++) {
        texts.add(TEXT.decode(in));
      }
      int nPrompts = INT.decode(in);
      String[] ids = new String[nPrompts];
      int[][] info = new int[nPrompts][];
      for (int i = 0; i < nPrompts; i++) {
        ids[i] = TEXT.decode(in);
        info[i] = new int[] {INT.decode(in), INT.decode(in), INT.decode(in)};
      }
      int nCells = INT.decode(in);
      Map<String, CellTallies> cells = new HashMap<>(Math.max(16, nCells * 2));
      for (int c = 0; c < nCells; c++) {
        String key = TEXT.decode(in);
        double cost = DoubleCoder.of().decode(in);
        int n = INT.decode(in);
        Map<String, PromptTally> prompts = new HashMap<>(Math.max(16, n * 2));
        for (int i = 0; i < n; i++) {
          int idx = INT.decode(in);
          PromptTally p = new PromptTally();
          p.seeds.addAll(SeedOutcomes.SeedOutcomesCoder.of().decode(in));
          int flag = in.read();
          if (flag < 0) {
            throw new IOException("model tallies end early");
          }
          p.repeated = flag == 0 ? new Tally() : Tally.TallyCoder.of().decode(in);
          p.ruleNumber = info[idx][0] == 0 ? null : info[idx][0] - 1;
          p.part = info[idx][1] == 0 ? null : texts.get(info[idx][1] - 1);
          p.chapter = info[idx][2] == 0 ? null : texts.get(info[idx][2] - 1);
          prompts.put(ids[idx], p);
        }
        cells.put(key, new CellTallies(prompts, cost));
      }
      return new ModelTallies(cells);
    }
  }
}
