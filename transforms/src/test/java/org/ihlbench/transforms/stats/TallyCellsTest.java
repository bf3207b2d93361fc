package org.ihlbench.transforms.stats;

import static org.junit.Assert.assertEquals;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.testing.CoderProperties;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.util.CoderUtils;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.ihlbench.records.PromptKind;
import org.ihlbench.records.ScoredSample;
import org.ihlbench.transforms.Records;
import org.ihlbench.transforms.stats.ScoredRows.Answer;
import org.junit.Rule;
import org.junit.Test;

public class TallyCellsTest {
  @Rule public final transient TestPipeline p = TestPipeline.create();

  private static List<ScoredSample> rows() {
    List<ScoredSample> rows = new ArrayList<>();
    Answer[] answers = {Answer.EXPLAINED, Answer.TERSE, Answer.COMPLIED, Answer.ERROR,
        Answer.UNDECIDED, Answer.PARTIAL};
    for (int seed = 0; seed < answers.length; seed++) {
      rows.add(ScoredRows.row("m", "baseline", "plain", PromptKind.violation, "a", seed, 3,
          "Part I", "Ch1", answers[seed]));
    }
    rows.add(ScoredRows.row("m", "baseline", "plain", PromptKind.benign, "b", 0, 3, "Part I",
        "Ch1", Answer.COMPLIED));
    return rows;
  }

  @Test
  public void tallyPerPromptWithEverySeedsOutcome() {
    PCollection<KV<String, CellTallies>> cells = p
        .apply(Create.of(rows()).withCoder(Records.coder(ScoredSample.class)))
        .apply(TallyCells.create());
    PAssert.that(cells).satisfies(all -> {
      Map<String, CellTallies> byKey = new HashMap<>();
      all.forEach(kv -> byKey.put(kv.getKey(), kv.getValue()));
      assertEquals(2, byKey.size());
      CellTallies v = byKey.get(new Cell("m", "baseline", "plain", PromptKind.violation).key());
      PromptTally a = v.prompts.get("a");
      assertEquals(4, a.tally.n);
      assertEquals(2, a.tally.refused);
      assertEquals(1, a.tally.helpful);
      assertEquals(1, a.tally.errors);
      assertEquals(1, a.tally.undecided);
      assertEquals(1, a.tally.partials);
      assertEquals(Integer.valueOf(3), a.ruleNumber);
      assertEquals("Ch1", a.chapter);
      assertEquals("{0=4, 1=3, 2=2, 3=1, 4=1, 5=2}", a.seeds.toString());
      assertEquals(1, byKey.get(new Cell("m", "baseline", "plain", PromptKind.benign).key())
          .prompts.get("b").tally.n);
      return null;
    });
    p.run();
  }

  @Test
  public void partialTalliesMergeToTheSameResultInAnyOrder() throws Exception {
    TallyCells.PerPrompt fn = new TallyCells.PerPrompt();
    List<ScoredSample> rows = rows();
    CellTallies whole = fn.createAccumulator();
    rows.forEach(r -> fn.addInput(whole, r));
    CellTallies left = fn.createAccumulator();
    CellTallies right = fn.createAccumulator();
    for (int i = 0; i < rows.size(); i++) {
      fn.addInput(i % 2 == 0 ? left : right, rows.get(i));
    }
    CellTallies merged = fn.mergeAccumulators(List.of(right, left));
    Coder<CellTallies> coder = CellTallies.CellTalliesCoder.of();
    CellTallies back = CoderUtils.decodeFromByteArray(coder,
        CoderUtils.encodeToByteArray(coder, merged));
    for (CellTallies c : List.of(merged, back)) {
      assertEquals(whole.prompts.keySet(), c.prompts.keySet());
      for (String id : whole.prompts.keySet()) {
        PromptTally w = whole.prompts.get(id);
        PromptTally m = c.prompts.get(id);
        assertEquals(w.seeds, m.seeds);
        assertEquals(w.tally.n, m.tally.n);
        assertEquals(w.tally.refused, m.tally.refused);
        assertEquals(w.tally.errors, m.tally.errors);
        assertEquals(w.tally.cost, m.tally.cost, 1e-12);
        assertEquals(w.chapter, m.chapter);
      }
    }
    CoderProperties.coderSerializable(coder);
  }
}
