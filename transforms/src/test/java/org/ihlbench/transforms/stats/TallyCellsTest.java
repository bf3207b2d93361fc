package org.ihlbench.transforms.stats;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
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
    PCollection<KV<String, ModelTallies>> models = p
        .apply(Create.of(rows()).withCoder(Records.coder(ScoredSample.class)))
        .apply(TallyCells.create());
    PAssert.that(models).satisfies(all -> {
      Map<String, CellTallies> byKey = new HashMap<>();
      int n = 0;
      for (KV<String, ModelTallies> kv : all) {
        n++;
        assertEquals("m", kv.getKey());
        byKey.putAll(kv.getValue().cells());
      }
      assertEquals("one group per model", 1, n);
      assertEquals(2, byKey.size());
      CellTallies v = byKey.get(new Cell("m", "baseline", "plain", PromptKind.violation).key());
      PromptTally a = v.prompts.get("a");
      Tally t = a.tally();
      assertEquals(4, t.n);
      assertEquals(2, t.refused);
      assertEquals(1, t.helpful);
      assertEquals(1, t.errors);
      assertEquals(1, t.undecided);
      assertEquals(1, t.partials);
      assertEquals(0.006, v.cost, 1e-12);
      assertEquals(Integer.valueOf(3), a.ruleNumber);
      assertEquals("Ch1", a.chapter);
      // Outcome in the low bits; seed 3 flags a call error (8), seed 5 a partial refusal (32).
      assertEquals("{0=4, 1=3, 2=2, 3=9, 4=1, 5=34}", a.seeds.toString());
      assertEquals(1, byKey.get(new Cell("m", "baseline", "plain", PromptKind.benign).key())
          .prompts.get("b").tally().n);
      return null;
    });
    p.run();
  }

  @Test
  public void partialTalliesMergeToTheSameResultInAnyOrder() throws Exception {
    TallyCells.PerPrompt fn = new TallyCells.PerPrompt();
    List<ScoredSample> rows = rows();
    ModelTallies wholeModel = fn.createAccumulator();
    rows.forEach(r -> fn.addInput(wholeModel, SampleOutcome.of(r)));
    ModelTallies left = fn.createAccumulator();
    ModelTallies right = fn.createAccumulator();
    for (int i = 0; i < rows.size(); i++) {
      fn.addInput(i % 2 == 0 ? left : right, SampleOutcome.of(rows.get(i)));
    }
    ModelTallies merged = fn.mergeAccumulators(List.of(right, left));
    Coder<ModelTallies> coder = ModelTallies.ModelTalliesCoder.of();
    ModelTallies back = CoderUtils.decodeFromByteArray(coder,
        CoderUtils.encodeToByteArray(coder, merged));
    String violation = new Cell("m", "baseline", "plain", PromptKind.violation).key();
    CellTallies whole = wholeModel.cells().get(violation);
    assertEquals(wholeModel.cells().keySet(), merged.cells().keySet());
    for (CellTallies c : List.of(merged.cells().get(violation), back.cells().get(violation))) {
      assertEquals(whole.prompts.keySet(), c.prompts.keySet());
      for (String id : whole.prompts.keySet()) {
        PromptTally w = whole.prompts.get(id);
        PromptTally m = c.prompts.get(id);
        assertEquals(w.seeds, m.seeds);
        assertEquals(w.tally().n, m.tally().n);
        assertEquals(w.tally().refused, m.tally().refused);
        assertEquals(w.tally().errors, m.tally().errors);
        assertEquals(w.chapter, m.chapter);
        assertEquals(w.ruleNumber, m.ruleNumber);
      }
    }
    assertEquals(whole.cost, merged.cells().get(violation).cost, 1e-12);
    assertEquals(whole.cost, back.cells().get(violation).cost, 1e-12);
    CoderProperties.coderSerializable(coder);
  }

  @Test
  public void equalTalliesEncodeToEqualBytesWhateverTheOrderTheyWereBuiltIn() throws Exception {
    // Eight cells, 60 prompts (some only in some cells), 12 seeds (some negative), and a sample
    // seen twice; costs that sum exactly in any order.
    Answer[] answers = Answer.values();
    List<ScoredSample> rows = new ArrayList<>();
    for (String condition : List.of("baseline", "ihl-safety")) {
      for (String variant : List.of("plain", "roleplay")) {
        for (PromptKind kind : PromptKind.values()) {
          for (int prompt = 0; prompt < 60; prompt++) {
            if ((prompt + condition.length() + variant.length()) % 7 == 0) {
              continue;
            }
            for (int seed = -2; seed < 10; seed++) {
              ScoredSample r = ScoredRows.row("m", condition, variant, kind, "p" + prompt, seed,
                  1 + prompt % 5, "Part " + prompt % 2, "Ch" + prompt % 4,
                  answers[Math.floorMod(prompt * 7 + seed * 3 + condition.length(),
                      answers.length)]);
              r.setCostUsd(0.125);
              rows.add(r);
            }
          }
        }
      }
    }
    rows.add(rows.get(5));
    TallyCells.PerPrompt fn = new TallyCells.PerPrompt();
    Coder<ModelTallies> coder = ModelTallies.ModelTalliesCoder.of();
    ModelTallies inOrder = fn.createAccumulator();
    rows.forEach(r -> fn.addInput(inOrder, SampleOutcome.of(r)));
    byte[] expected = CoderUtils.encodeToByteArray(coder, inOrder);
    Random random = new Random(6);
    for (int trial = 0; trial < 5; trial++) {
      List<ScoredSample> shuffled = new ArrayList<>(rows);
      Collections.shuffle(shuffled, random);
      ModelTallies whole = fn.createAccumulator();
      shuffled.forEach(r -> fn.addInput(whole, SampleOutcome.of(r)));
      assertArrayEquals("shuffle " + trial, expected, CoderUtils.encodeToByteArray(coder, whole));
      // Partials merged (after a trip through the coder, as a runner would), then unpacked.
      ModelTallies left = fn.createAccumulator();
      ModelTallies right = fn.createAccumulator();
      for (int i = 0; i < shuffled.size(); i++) {
        fn.addInput(i < shuffled.size() / 3 ? left : right, SampleOutcome.of(shuffled.get(i)));
      }
      ModelTallies merged = fn.mergeAccumulators(List.of(
          CoderUtils.clone(coder, trial % 2 == 0 ? left : right),
          CoderUtils.clone(coder, trial % 2 == 0 ? right : left)));
      assertArrayEquals("merged " + trial, expected, CoderUtils.encodeToByteArray(coder, merged));
    }
    // Decoded and unpacked: the maps are rebuilt with other capacities, the bytes stay the same.
    ModelTallies back = CoderUtils.clone(coder, inOrder);
    back.cells();
    assertArrayEquals(expected, CoderUtils.encodeToByteArray(coder, back));
  }

  @Test
  public void derivedCountsEqualTallyOfEverySampleEvenWhenASampleIsSeenTwice() throws Exception {
    List<ScoredSample> rows = new ArrayList<>(rows());
    // The same prompt and seed twice (only a broken input could do this): both still count.
    rows.add(ScoredRows.row("m", "baseline", "plain", PromptKind.violation, "a", 0, 3, "Part I",
        "Ch1", Answer.COMPLIED));
    rows.add(ScoredRows.row("m", "baseline", "plain", PromptKind.violation, "a", 2, 3, "Part I",
        "Ch1", Answer.EXPLAINED));
    Tally expected = new Tally();
    for (ScoredSample r : rows) {
      if (r.getKind() == PromptKind.violation) {
        expected = expected.add(Tally.of(r));
      }
    }
    TallyCells.PerPrompt fn = new TallyCells.PerPrompt();
    ModelTallies one = fn.createAccumulator();
    rows.forEach(r -> fn.addInput(one, SampleOutcome.of(r)));
    ModelTallies left = fn.createAccumulator();
    ModelTallies right = fn.createAccumulator();
    for (int i = 0; i < rows.size(); i++) {
      fn.addInput(i < 7 ? left : right, SampleOutcome.of(rows.get(i)));
    }
    Coder<ModelTallies> coder = ModelTallies.ModelTalliesCoder.of();
    ModelTallies merged = fn.mergeAccumulators(List.of(
        CoderUtils.decodeFromByteArray(coder, CoderUtils.encodeToByteArray(coder, left)),
        CoderUtils.decodeFromByteArray(coder, CoderUtils.encodeToByteArray(coder, right))));
    String violation = new Cell("m", "baseline", "plain", PromptKind.violation).key();
    // A partial with samples seen twice survives the coder too.
    ModelTallies oneBack = CoderUtils.decodeFromByteArray(coder,
        CoderUtils.encodeToByteArray(coder, one));
    for (ModelTallies m : List.of(one, merged, oneBack)) {
      Tally t = m.cells().get(violation).total();
      assertEquals(expected.n, t.n);
      assertEquals(expected.refused, t.refused);
      assertEquals(expected.helpful, t.helpful);
      assertEquals(expected.errors, t.errors);
      assertEquals(expected.undecided, t.undecided);
      assertEquals(expected.partials, t.partials);
      assertEquals(expected.cost, t.cost, 1e-12);
    }
    // Pairing keeps one outcome per seed, the larger code whichever came first.
    assertEquals(one.cells().get(violation).prompts.get("a").seeds,
        merged.cells().get(violation).prompts.get("a").seeds);
  }
}
