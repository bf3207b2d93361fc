package org.ihlbench.transforms.providers;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.ihlbench.records.Sample;
import org.ihlbench.records.Transcript;
import org.ihlbench.simulator.Simulator;
import org.ihlbench.simulator.SimulatorProfile;
import org.ihlbench.transforms.Records;
import org.ihlbench.transforms.TestRecords;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * A 429 never turns a sample into an error on its own: a storm of 429s longer than every call's
 * attempt budget loses no sample; only a shard that gets nothing but 429s for longer than the
 * run's patience gives up, and then every call it had left says so.
 */
public class RateLimitStormTest {
  private static final String PROFILE = String.join("\n",
      "models:",
      "  sim-x:",
      "    behaviour:",
      "      - p: {explanatory_refusal: 0.5, compliance: 0.5}");
  private static final int SAMPLES = 20;
  private static final int ATTEMPTS = 2;

  @Rule public final transient TestPipeline p = TestPipeline.create();
  @Rule public final TemporaryFolder tmp = new TemporaryFolder();

  private static Endpoint endpoint(Simulator s) {
    Endpoint t = TestRecords.endpoint("x", s.openAiBaseUrl(), "sim-x");
    return new Endpoint(t.name(), t.provider(), t.protocol(), t.baseUrl(), t.modelId(),
        t.apiKeyEnv(), t.paramsJson(), t.rateLimitBucket(), 6000, 0, 0, 0, 10, ATTEMPTS, 16, null);
  }

  private static List<Sample> samples() {
    List<Sample> out = new ArrayList<>();
    for (int i = 0; i < SAMPLES; i++) {
      out.add(TestRecords.sample("s" + i, "x", "baseline", "p" + i, "Question " + i, 1));
    }
    return out;
  }

  private static PCollection<String> outcomes(PCollection<Transcript> t) {
    return t.apply("Outcomes", MapElements.into(TypeDescriptors.strings()).via((Transcript x) ->
        x.getResponse().getOutcome() + "|" + x.getResponse().getErrorClass() + "|"
            + x.getResponse().getAttempts()));
  }

  @Test
  public void aStormLongerThanTheAttemptBudgetLosesNoSample() throws Exception {
    try (Simulator sim = Simulator.start(SimulatorProfile.parse(PROFILE, "storm", null), 0)) {
      sim.answer429For(2500);
      PCollection<Transcript> out = p
          .apply(Create.of(samples()).withCoder(Records.coder(Sample.class)))
          .apply(Generate.with(Map.of("x", endpoint(sim)), Map.of(),
              CallSettings.of("storm", null).reportingTo(tmp.getRoot().getPath())));
      PAssert.that(outcomes(out)).satisfies(rows -> {
        int n = 0;
        int most = 0;
        for (String r : rows) {
          String[] f = r.split("\\|");
          assertEquals(r, "answered", f[0]);
          most = Math.max(most, Integer.parseInt(f[2]));
          n++;
        }
        assertEquals(SAMPLES, n);
        assertTrue("a call was answered 429 more often than its attempt budget: " + most,
            most > ATTEMPTS + 1);
        return null;
      });
      p.run().waitUntilFinish();
      assertTrue("the storm answered 429s: " + sim.stats().faults("storm"),
          sim.stats().faults("storm") > ATTEMPTS * 2);
      assertEquals(SAMPLES, sim.stats().answered());
      List<PaceReport> reports = PaceReportTest.readAll(tmp.getRoot().getPath());
      assertEquals(1, reports.size());
      assertEquals(sim.stats().faults("storm"), reports.get(0).rateLimited());
      assertEquals(0, reports.get(0).gaveUp());
    }
  }

  @Test
  public void pastItsPatienceAShardGivesUpAndEveryCallLeftSaysSo() throws Exception {
    try (Simulator sim = Simulator.start(SimulatorProfile.parse(PROFILE, "storm", null), 0)) {
      sim.answer429For(600_000);
      PCollection<Transcript> out = p
          .apply(Create.of(samples()).withCoder(Records.coder(Sample.class)))
          .apply(Generate.with(Map.of("x", endpoint(sim)), Map.of(),
              CallSettings.of("patience", null).withRateLimitPatience(1)
                  .reportingTo(tmp.getRoot().getPath())));
      PAssert.that(outcomes(out).apply("Classes", MapElements.into(TypeDescriptors.strings())
              .via((String r) -> r.substring(0, r.lastIndexOf('|')))))
          .satisfies(rows -> {
            int n = 0;
            for (String r : rows) {
              assertEquals("error|rate_limit_patience_exceeded", r);
              n++;
            }
            assertEquals(SAMPLES, n);
            return null;
          });
      p.run().waitUntilFinish();
      assertEquals(0, sim.stats().answered());
      PaceReport report = PaceReportTest.readAll(tmp.getRoot().getPath()).get(0);
      assertEquals(SAMPLES, report.gaveUp());
      assertEquals(0, report.answered());
    }
  }
}
