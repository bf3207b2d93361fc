package org.ihlbench.transforms.providers;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.ihlbench.records.CallEstimate;
import org.ihlbench.records.CallResult;
import org.ihlbench.records.ChatMessage;
import org.ihlbench.records.ResponseOutcome;
import org.ihlbench.records.Sample;
import org.ihlbench.transforms.Records;
import org.ihlbench.transforms.TestRecords;
import org.ihlbench.transforms.store.JournalWriter;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** The dry run counts store misses after merging identical requests, and prices them. */
public class PlanCallsTest {
  @Rule public final transient TestPipeline p = TestPipeline.create();
  @Rule public final TemporaryFolder tmp = new TemporaryFolder();

  private static final Endpoint A = TestRecords.endpoint("a", "http://127.0.0.1:1/v1", "sim-a");
  private static final Endpoint B = TestRecords.endpoint("b", "http://127.0.0.1:1/v1", "sim-b");

  private static String key(Sample s, Endpoint e) {
    return CallKeys.of(e, null, List.of(new ChatMessage("user", s.getUserMessage())), s.getSeed());
  }

  private static int promptTokens(String text) {
    return text.length() / 4 + 1;
  }

  @Test
  public void estimatesCountRequestsStoreHitsAndCallsLeftWithTheirTokensAndCost() throws Exception {
    String store = tmp.getRoot().getPath() + "/store";
    List<Sample> in = new ArrayList<>();
    String[] texts = {"First request text.", "Second one.", "A third, longer request text here.",
        "Fourth request."};
    for (int i = 0; i < texts.length; i++) {
      in.add(TestRecords.sample("a" + i, "a", "baseline", "p" + i, texts[i], 1));
    }
    in.add(TestRecords.sample("a4", "a", "baseline", "p4", texts[3], 1)); // same call as a3
    in.add(TestRecords.sample("b0", "b", "baseline", "p0", texts[0], 1));
    in.add(TestRecords.sample("b1", "b", "baseline", "p0", texts[0], 2));
    try (JournalWriter journal = new JournalWriter(store)) {
      for (Sample s : in.subList(0, 2)) {
        journal.append(CallResult.newBuilder().setCallKey(key(s, A)).setEndpoint("a")
            .setOutcome(ResponseOutcome.answered).setText("stored").build());
      }
    }
    // a2 and a3 (= a4) are left to call; each may use its 200-token completion budget.
    long aPrompt = promptTokens(texts[2]) + promptTokens(texts[3]);
    double aCost = (aPrompt * 1.0 + 400 * 2.0) / 1e6;
    long bPrompt = 2L * promptTokens(texts[0]);
    double bCost = (bPrompt * 1.0 + 400 * 2.0) / 1e6;

    PCollection<CallEstimate> plan = p
        .apply(Create.of(in).withCoder(Records.coder(Sample.class)))
        .apply(Generate.plan(Map.of("a", A, "b", B), Map.of(), CallSettings.of("plan", store)));
    PAssert.that(plan.apply(MapElements.into(TypeDescriptors.strings()).via(PlanCallsTest::row)))
        .containsInAnyOrder(
            String.format(Locale.ROOT, "a|5|2|2|%d|400|%.9f", aPrompt, aCost),
            String.format(Locale.ROOT, "b|2|0|2|%d|400|%.9f", bPrompt, bCost));
    p.run().waitUntilFinish();
  }

  private static String row(CallEstimate e) {
    return String.format(Locale.ROOT, "%s|%d|%d|%d|%d|%d|%.9f", e.getEndpoint(), e.getRequests(),
        e.getFromStore(), e.getCalls(), e.getPromptTokens(), e.getCompletionTokens(), e.getCostUsd());
  }
}
