package org.ihlbench.transforms.judges;

import java.util.List;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.ihlbench.records.JudgeActivityRow;
import org.ihlbench.records.JudgeVerdict;
import org.ihlbench.records.JudgedSample;
import org.ihlbench.records.Majority;
import org.ihlbench.records.ParseStatus;
import org.ihlbench.records.ResponseOutcome;
import org.ihlbench.records.Transcript;
import org.ihlbench.transforms.Records;
import org.ihlbench.transforms.TestRecords;
import org.junit.Rule;
import org.junit.Test;

public class JudgeActivityTest {
  @Rule public final transient TestPipeline p = TestPipeline.create();

  private static JudgeVerdict v(String judge, String version, ParseStatus status, int calls,
      int hits, Integer prompt, Integer completion, Double cost) {
    return JudgeVerdict.newBuilder().setSampleId("s").setJudge(judge).setJudgeModelVersion(version)
        .setParseStatus(status).setCalls(calls).setStoreHits(hits).setPromptTokens(prompt)
        .setCompletionTokens(completion).setCostUsd(cost).build();
  }

  private static JudgedSample sample(String id, JudgeVerdict... verdicts) {
    Transcript t = TestRecords.transcript(id, ResponseOutcome.answered, "x");
    return JudgedSample.newBuilder().setRunId("run-1").setSample(t.getSample())
        .setResponse(t.getResponse()).setVerdicts(List.of(verdicts))
        .setMajority(Majority.newBuilder().build()).setPanel(List.of("a", "b")).build();
  }

  @Test
  public void eachJudgesVerdictsCallsAndSpendAreSummed() {
    List<JudgedSample> in = List.of(
        sample("s1", v("a", "a-v1", ParseStatus.ok, 1, 0, 100, 20, 0.001),
            v("b", null, ParseStatus.ok, 0, 0, null, null, null)),
        sample("s2", v("a", "a-v1", ParseStatus.repaired, 2, 1, 250, 40, 0.002),
            v("b", null, ParseStatus.ok, 0, 0, null, null, null)),
        sample("s3", v("a", "a-v1", ParseStatus.abstained, 2, 0, 200, 60, 0.004),
            v("b", null, ParseStatus.ok, 0, 0, null, null, null)),
        sample("s4", v("a", "a-v1", ParseStatus.ok, 0, 0, null, null, null)));
    PAssert.that(p
        .apply(Create.of(in).withCoder(Records.coder(JudgedSample.class)))
        .apply(JudgeActivity.forRun("run-1"))
        .apply(MapElements.into(TypeDescriptors.strings()).via((JudgeActivityRow r) ->
            r.getRunId() + "|" + r.getJudge() + "|" + r.getModelVersion() + "|" + r.getVerdicts()
                + "|" + r.getOk() + "|" + r.getRepaired() + "|" + r.getAbstained() + "|"
                + r.getCalls() + "|" + r.getStoreHits() + "|" + r.getPromptTokens() + "|"
                + r.getCompletionTokens() + "|" + String.format("%.3f", r.getCostUsd()))))
        .containsInAnyOrder(
            "run-1|a|a-v1|4|2|1|1|5|1|550|120|0.007",
            "run-1|b|null|3|3|0|0|0|0|0|0|0.000");
    p.run();
  }
}
