package org.ihlbench.transforms.providers;

import java.util.List;
import java.util.Locale;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.ihlbench.records.ModelResponse;
import org.ihlbench.records.ModelSpend;
import org.ihlbench.records.ResponseOutcome;
import org.ihlbench.records.Transcript;
import org.ihlbench.transforms.Records;
import org.ihlbench.transforms.TestRecords;
import org.junit.Rule;
import org.junit.Test;

public class TallySpendTest {
  @Rule public final transient TestPipeline p = TestPipeline.create();

  private static Transcript t(String id, String model, ResponseOutcome outcome, String errorClass,
      boolean fromStore, int attempts, Integer in, Integer out, Double cost) {
    return new Transcript(TestRecords.sample(id, model, "baseline", "p-" + id, "text " + id, 1),
        ModelResponse.newBuilder().setRunId("r").setSampleId(id).setCallKey("k-" + id)
            .setOutcome(outcome).setErrorClass(errorClass).setFromStore(fromStore)
            .setAttempts(attempts).setPromptTokens(in).setCompletionTokens(out).setCostUsd(cost)
            .build());
  }

  @Test
  public void spendPerModelCountsPaidCallsOnly() {
    List<Transcript> in = List.of(
        t("a1", "m1", ResponseOutcome.answered, null, false, 2, 10, 5, 0.01),
        t("a2", "m1", ResponseOutcome.answered, null, false, 0, 10, 5, 0.0), // shares a1's call
        t("a3", "m1", ResponseOutcome.answered, null, true, 1, 12, 7, 0.0),
        t("a4", "m1", ResponseOutcome.error, "budget", false, 0, null, null, null),
        t("a5", "m1", ResponseOutcome.error, "server", false, 6, null, null, null),
        t("a6", "m1", ResponseOutcome.answered, null, false, 1, 20, 30, 0.02),
        t("b1", "m2", ResponseOutcome.provider_refusal, null, false, 1, 8, 0, 0.002));
    PAssert.that(p.apply(Create.of(in).withCoder(Records.coder(Transcript.class)))
            .apply(TallySpend.perModel())
            .apply(MapElements.into(TypeDescriptors.strings()).via(TallySpendTest::row)))
        .containsInAnyOrder(
            "m1 samples=6 calls=2 store=1 errors=2 budget=1 in=30 out=35 $0.030000",
            "m2 samples=1 calls=1 store=0 errors=0 budget=0 in=8 out=0 $0.002000");
    p.run().waitUntilFinish();
  }

  private static String row(ModelSpend s) {
    return String.format(Locale.ROOT, "%s samples=%d calls=%d store=%d errors=%d budget=%d in=%d"
            + " out=%d $%.6f", s.getModel(), s.getSamples(), s.getCalls(), s.getFromStore(),
        s.getErrors(), s.getBudgetSkipped(), s.getPromptTokens(), s.getCompletionTokens(),
        s.getCostUsd());
  }
}
