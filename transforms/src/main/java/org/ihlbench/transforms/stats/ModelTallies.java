package org.ihlbench.transforms.stats;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.beam.sdk.coders.AtomicCoder;
import org.apache.beam.sdk.coders.VarIntCoder;
import org.ihlbench.records.ScoredSample;

/**
 * One model's judged samples summed per cell ({@link Cell#key()}) and prompt: the accumulator of
 * the one pass. Grouping by model rather than by cell keeps the number of groups small (the
 * Direct runner's cost grows with the square of the groups), and puts everything a model's paired
 * comparisons need in one place.
 *
 * <p>Decoded tallies stay packed (the coder's bytes) until something reads them: runners copy
 * accumulators through their coders (the Direct runner on every bundle that reaches a group), and
 * a packed copy is one array copy rather than thousands of objects.
 */
public final class ModelTallies implements Serializable {
  private static final long serialVersionUID = 1L;

  private Map<String, CellTallies> cells;
  private byte[] packed;

  public ModelTallies() {
    this.cells = new HashMap<>();
  }

  private ModelTallies(byte[] packed) {
    this.packed = packed;
  }

  /** The cells by {@link Cell#key()}: the tallies themselves, unpacked on first use. */
  public Map<String, CellTallies> cells() {
    if (cells == null) {
      try {
        cells = ModelTalliesCoder.unpack(new Packed.Reader(packed));
      } catch (IOException e) {
        throw new java.io.UncheckedIOException("corrupt model tallies", e);
      }
      packed = null;
    }
    return cells;
  }

  public ModelTallies add(ScoredSample s) {
    return add(SampleOutcome.of(s));
  }

  public ModelTallies add(SampleOutcome s) {
    cells().computeIfAbsent(s.cell(), k -> new CellTallies()).add(s);
    return this;
  }

  public ModelTallies merge(ModelTallies other) {
    Map<String, CellTallies> mine = cells();
    other.cells().forEach((key, c) -> {
      CellTallies m = mine.get(key);
      if (m == null) {
        mine.put(key, c);
      } else {
        m.merge(c);
      }
    });
    return this;
  }

  /**
   * Compact on the wire, since partial tallies are what the shuffle (and the Direct runner's
   * grouping, which copies them) carries: prompt ids, Parts and chapters once each in a
   * dictionary, then per cell and prompt the seeds' outcome bytes; one blob ({@link Packed}).
   */
  public static final class ModelTalliesCoder extends AtomicCoder<ModelTallies> {
    private static final ModelTalliesCoder INSTANCE = new ModelTalliesCoder();

    public static ModelTalliesCoder of() {
      return INSTANCE;
    }

    @Override
    public void encode(ModelTallies m, OutputStream out) throws IOException {
      if (m.packed != null) {
        VarIntCoder.of().encode(m.packed.length, out);
        out.write(m.packed);
        return;
      }
      Packed.write(pack(m.cells), out);
    }

    @Override
    public ModelTallies decode(InputStream in) throws IOException {
      return new ModelTallies(Packed.readBytes(in));
    }

    /**
     * Deterministic: cells, prompts and seeds in sorted order, so equal tallies give equal bytes
     * whether they were built sample by sample or unpacked (runners compare encodings).
     */
    private static Packed.Writer pack(Map<String, CellTallies> cellsByKey) {
      TreeMap<String, CellTallies> sortedCells = new TreeMap<>(cellsByKey);
      // A prompt's rule, Part and chapter are the same in every cell; taking them from the first
      // cell in key order keeps even a broken input's encoding independent of map order.
      TreeMap<String, PromptTally> prompts = new TreeMap<>();
      for (CellTallies c : sortedCells.values()) {
        c.prompts.forEach(prompts::putIfAbsent);
      }
      Map<String, Integer> texts = new LinkedHashMap<>();
      Map<String, Integer> promptIndex = new HashMap<>(Math.max(16, prompts.size() * 2));
      String[] ids = new String[prompts.size()];
      for (Map.Entry<String, PromptTally> e : prompts.entrySet()) {
        ids[promptIndex.size()] = e.getKey();
        promptIndex.put(e.getKey(), promptIndex.size());
        PromptTally p = e.getValue();
        if (p.part != null) {
          texts.putIfAbsent(p.part, texts.size());
        }
        if (p.chapter != null) {
          texts.putIfAbsent(p.chapter, texts.size());
        }
      }
      Packed.Writer w = new Packed.Writer();
      w.writeVarInt(texts.size());
      for (String t : texts.keySet()) {
        w.writeString(t);
      }
      w.writeVarInt(prompts.size());
      for (Map.Entry<String, PromptTally> e : prompts.entrySet()) {
        PromptTally p = e.getValue();
        w.writeString(e.getKey());
        w.writeVarInt(p.ruleNumber == null ? 0 : p.ruleNumber + 1);
        w.writeVarInt(p.part == null ? 0 : texts.get(p.part) + 1);
        w.writeVarInt(p.chapter == null ? 0 : texts.get(p.chapter) + 1);
      }
      w.writeVarInt(cellsByKey.size());
      for (Map.Entry<String, CellTallies> e : sortedCells.entrySet()) {
        w.writeString(e.getKey());
        w.writeDouble(e.getValue().cost);
        Map<String, PromptTally> cellPrompts = e.getValue().prompts;
        int[] indexes = new int[cellPrompts.size()];
        int k = 0;
        for (String id : cellPrompts.keySet()) {
          indexes[k++] = promptIndex.get(id);
        }
        // Indexes follow the sorted ids, so sorting them puts the cell's prompts in id order.
        Arrays.sort(indexes);
        w.writeVarInt(indexes.length);
        for (int idx : indexes) {
          PromptTally p = cellPrompts.get(ids[idx]);
          w.writeVarInt(idx);
          p.seeds.packInto(w);
          // Samples seen twice are rare: a zero byte when there are none.
          Tally r = p.repeated;
          boolean none = r.n == 0 && r.errors == 0 && r.undecided == 0;
          w.writeByte(none ? 0 : 1);
          if (!none) {
            for (long x : new long[] {r.n, r.refused, r.helpful, r.errors, r.undecided,
                r.providerRefusals, r.partials, r.leaks}) {
              w.writeVarLong(x);
            }
          }
        }
      }
      return w;
    }

    static Map<String, CellTallies> unpack(Packed.Reader r) throws IOException {
      int nTexts = r.readVarInt();
      List<String> texts = new ArrayList<>(nTexts);
      for (int i = 0; i < nTexts; i++) {
        texts.add(r.readString());
      }
      int nPrompts = r.readVarInt();
      String[] ids = new String[nPrompts];
      int[][] info = new int[nPrompts][];
      for (int i = 0; i < nPrompts; i++) {
        ids[i] = r.readString();
        info[i] = new int[] {r.readVarInt(), r.readVarInt(), r.readVarInt()};
      }
      int nCells = r.readVarInt();
      Map<String, CellTallies> cells = new HashMap<>(Math.max(16, nCells * 2));
      for (int c = 0; c < nCells; c++) {
        String key = r.readString();
        double cost = r.readDouble();
        int n = r.readVarInt();
        Map<String, PromptTally> prompts = new HashMap<>(Math.max(16, n * 2));
        for (int i = 0; i < n; i++) {
          int idx = r.readVarInt();
          PromptTally p = new PromptTally();
          p.seeds.unpackFrom(r);
          if (r.readByte() != 0) {
            Tally t = new Tally();
            t.n = r.readVarLong();
            t.refused = r.readVarLong();
            t.helpful = r.readVarLong();
            t.errors = r.readVarLong();
            t.undecided = r.readVarLong();
            t.providerRefusals = r.readVarLong();
            t.partials = r.readVarLong();
            t.leaks = r.readVarLong();
            p.repeated = t;
          }
          p.ruleNumber = info[idx][0] == 0 ? null : info[idx][0] - 1;
          p.part = info[idx][1] == 0 ? null : texts.get(info[idx][1] - 1);
          p.chapter = info[idx][2] == 0 ? null : texts.get(info[idx][2] - 1);
          prompts.put(ids[idx], p);
        }
        cells.put(key, new CellTallies(prompts, cost));
      }
      return cells;
    }
  }
}
