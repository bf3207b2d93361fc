package org.ihlbench.transforms.stats;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.ihlbench.records.PromptKind;
import org.ihlbench.records.RefusalLevel;
import org.ihlbench.records.ResponseOutcome;
import org.ihlbench.records.ScoredSample;
import org.junit.Test;

public class CellRatesTest {
  private static ScoredSample sample(String prompt, int seed, ResponseOutcome outcome,
      Boolean refused) {
    ScoredSample.Builder b = ScoredSample.newBuilder()
        .setRunId("run-1").setSampleId(prompt + "-" + seed).setModel("m").setModelId("m")
        .setCondition("baseline").setVariant("plain").setVariantVersion("1").setSeed(seed)
        .setPromptId(prompt).setKind(PromptKind.violation).setDatasetHash("h")
        .setOutcome(outcome);
    if (refused != null) {
      b.setRefused(refused).setRefusal(refused ? RefusalLevel.full : RefusalLevel.none)
          .setHelpfulRefusal(refused ? Boolean.FALSE : null);
    }
    return b.build();
  }

  private static CellRates rates(int prompts, int seeds, ResponseOutcome outcome, Boolean refused) {
    List<PromptTally> tallies = new ArrayList<>();
    for (int p = 0; p < prompts; p++) {
      PromptTally t = new PromptTally();
      for (int s = 1; s <= seeds; s++) {
        t.add(sample("p" + p, s, outcome, refused));
      }
      tallies.add(t);
    }
    return CellRates.of(tallies);
  }

  /** A cell where every call failed has no interval, but its method still names the design. */
  @Test
  public void aCellWithNothingDecidedNamesItsDesign() {
    CellRates oneSeed = rates(4, 1, ResponseOutcome.error, null);
    assertEquals(0, oneSeed.total().n);
    assertEquals(4, oneSeed.total().errors);
    assertEquals("wilson-jeffreys", oneSeed.method());
    assertTrue(Double.isNaN(oneSeed.refusal().low()));
    assertEquals("beta-binomial", rates(4, 3, ResponseOutcome.error, null).method());
  }

  @Test
  public void decidedCellsKeepTheirMethods() {
    assertEquals("wilson-jeffreys", rates(5, 1, ResponseOutcome.answered, true).method());
    assertEquals("beta-binomial", rates(5, 3, ResponseOutcome.answered, true).method());
    assertEquals(5, rates(5, 3, ResponseOutcome.answered, true).clusters());
  }
}
