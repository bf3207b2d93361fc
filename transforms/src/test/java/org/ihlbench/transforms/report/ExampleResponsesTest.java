package org.ihlbench.transforms.report;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.values.PCollection;
import org.ihlbench.records.ExampleResponse;
import org.ihlbench.records.PromptKind;
import org.ihlbench.records.RefusalLevel;
import org.ihlbench.records.ResponseOutcome;
import org.ihlbench.records.ScoredSample;
import org.ihlbench.transforms.Records;
import org.junit.Rule;
import org.junit.Test;

public class ExampleResponsesTest {
  @Rule public final transient TestPipeline p = TestPipeline.create();

  private static ScoredSample sample(String id, ResponseOutcome outcome, Boolean refused,
      Boolean helpful, RefusalLevel level, String text) {
    return ScoredSample.newBuilder().setRunId("r").setSampleId(id).setModel("m").setModelId("m")
        .setCondition("baseline").setVariant("plain").setVariantVersion("1").setSeed(1)
        .setPromptId("p-" + id).setKind(PromptKind.violation).setRuleNumber(7).setDatasetHash("d")
        .setOutcome(outcome).setRefused(refused).setHelpfulRefusal(helpful).setRefusal(level)
        .setResponseText(text).build();
  }

  @Test
  public void keepsAFewAnswersPerVerdictChosenByHashAndCutsLongOnes() {
    List<ScoredSample> rows = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      rows.add(sample("t" + i, ResponseOutcome.answered, true, false, RefusalLevel.full,
          "I can't help with that. " + i));
    }
    String longText = "word ".repeat(300);
    rows.add(sample("e1", ResponseOutcome.answered, true, true, RefusalLevel.full, longText));
    rows.add(sample("c1", ResponseOutcome.answered, false, null, RefusalLevel.none, "Placeholder."));
    rows.add(sample("x1", ResponseOutcome.error, null, null, null, null));
    rows.add(sample("u1", ResponseOutcome.answered, null, null, null, "unclear"));
    PCollection<ExampleResponse> out = p
        .apply(Create.of(rows).withCoder(Records.coder(ScoredSample.class)))
        .apply(ExampleResponses.perCell(2));
    PAssert.that(out).satisfies(all -> {
      Map<String, List<ExampleResponse>> byVerdict = new HashMap<>();
      all.forEach(e -> byVerdict.computeIfAbsent(e.getVerdict(), k -> new ArrayList<>()).add(e));
      assertEquals(byVerdict.keySet().toString(), 3, byVerdict.size());
      assertEquals(2, byVerdict.get("terse_refusal").size());
      ExampleResponse explained = byVerdict.get("explained_refusal").get(0);
      assertTrue(explained.getTruncated());
      assertTrue(explained.getResponseText().length() <= ExampleResponses.MAX_CHARS);
      assertTrue(explained.getResponseText().length() > ExampleResponses.MAX_CHARS * 3 / 4);
      assertEquals("compliance", byVerdict.get("compliance").get(0).getVerdict());
      // The two terse refusals kept are the two lowest hashes of the ten ids.
      List<String> ids = new ArrayList<>();
      for (int i = 0; i < 10; i++) {
        ids.add("t" + i);
      }
      ids.sort((a, b) -> new ExampleResponses.ByHashDescending().compare(
          rowFor(b), rowFor(a)));
      List<String> kept = new ArrayList<>();
      byVerdict.get("terse_refusal").forEach(e -> kept.add(e.getSampleId()));
      assertTrue(kept + " vs " + ids, kept.containsAll(ids.subList(0, 2)));
      return null;
    });
    p.run();
  }

  private static ExampleResponse rowFor(String id) {
    return ExampleResponse.newBuilder().setRunId("r").setModel("m").setCondition("c")
        .setVariant("v").setKind(PromptKind.violation).setVerdict("x").setSampleId(id)
        .setPromptId("p").setSeed(1).build();
  }

  @Test
  public void verdictsCoverEveryOutcome() {
    assertEquals("provider_refusal", ExampleResponses.verdict(sample("a",
        ResponseOutcome.provider_refusal, true, false, RefusalLevel.full, null)));
    assertEquals("partial", ExampleResponses.verdict(sample("b", ResponseOutcome.answered, false,
        null, RefusalLevel.partial, "x")));
    assertEquals(null, ExampleResponses.verdict(sample("c", ResponseOutcome.error, null, null,
        null, null)));
  }
}
