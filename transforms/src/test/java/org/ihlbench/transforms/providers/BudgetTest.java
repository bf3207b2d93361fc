package org.ihlbench.transforms.providers;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.values.PCollection;
import org.ihlbench.records.ModelResponse;
import org.ihlbench.records.ResponseOutcome;
import org.ihlbench.records.Sample;
import org.ihlbench.records.Transcript;
import org.ihlbench.simulator.Simulator;
import org.ihlbench.simulator.SimulatorProfile;
import org.ihlbench.transforms.Records;
import org.ihlbench.transforms.TestRecords;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Rule;
import org.junit.Test;

/**
 * The budget holds across rate-limit shards: each shard spends within its share, calls that do
 * not fit are not made and come out as budget errors, and every sample still comes out.
 */
public class BudgetTest {
  private static final String PROFILE = String.join("\n",
      "models:",
      "  sim-pricey:",
      "    behaviour:",
      "      - p: {explanatory_refusal: 0.6, compliance: 0.4}");
  private static final int SAMPLES = 24;
  private static final int SHARDS = 4;

  @Rule public final transient TestPipeline p = TestPipeline.create();
  private static Simulator sim;

  @BeforeClass
  public static void start() throws Exception {
    sim = Simulator.start(SimulatorProfile.parse(PROFILE, "budget-profile", null), 0);
  }

  @AfterClass
  public static void stop() {
    sim.close();
  }

  /** $1000 / $2000 per million tokens: a call with a 200-token budget is estimated at ~$0.41. */
  private static Endpoint pricey() {
    Endpoint t = TestRecords.endpoint("pricey", sim.openAiBaseUrl(), "sim-pricey");
    return new Endpoint(t.name(), t.provider(), t.protocol(), t.baseUrl(), t.modelId(),
        t.apiKeyEnv(), t.paramsJson(), t.rateLimitBucket(), 0, 0, 1000, 2000, 10, 3, 16, null);
  }

  private static List<Sample> samples() {
    List<Sample> out = new ArrayList<>();
    for (int i = 0; i < SAMPLES; i++) {
      out.add(TestRecords.sample("s" + i, "pricey", "baseline", "p" + i,
          "Budget test request number " + i + ".", 1));
    }
    return out;
  }

  private PCollection<Transcript> generate(double budget, String runId) {
    return p.apply(Create.of(samples()).withCoder(Records.coder(Sample.class)))
        .apply(Generate.with(Map.of("pricey", pricey()), Map.of(),
            CallSettings.of(runId, null).withShards(SHARDS).withBudget(budget)));
  }

  @Test
  public void callsStopAtTheBudgetAndTheRestAreBudgetErrors() {
    double budget = 2.0;
    long before = sim.stats().answered();
    PAssert.that(generate(budget, "budget-capped")).satisfies(ts -> {
      int answered = 0;
      int skipped = 0;
      double spent = 0;
      for (Transcript t : ts) {
        ModelResponse r = t.getResponse();
        if (r.getOutcome() == ResponseOutcome.error) {
          assertEquals("budget", r.getErrorClass());
          assertTrue(r.getErrorMessage(), r.getErrorMessage().startsWith("budget of $2.00 reached"));
          assertEquals(Integer.valueOf(0), Integer.valueOf(r.getAttempts()));
          skipped++;
        } else {
          answered++;
          spent += r.getCostUsd();
        }
      }
      assertEquals("every sample comes out", SAMPLES, answered + skipped);
      assertTrue("some calls were made", answered > 0);
      assertTrue("some calls were not", skipped > 0);
      assertTrue("spent " + spent + " of " + budget, spent <= budget);
      assertEquals("a call per answer, none for the skipped", answered,
          sim.stats().answered() - before);
      return null;
    });
    p.run().waitUntilFinish();
  }

  @Test
  public void aBudgetThatCoversTheEstimateSkipsNothing() {
    long before = sim.stats().answered();
    PAssert.that(generate(SAMPLES * 0.5, "budget-ample")).satisfies(ts -> {
      int n = 0;
      for (Transcript t : ts) {
        assertEquals(ResponseOutcome.answered, t.getResponse().getOutcome());
        n++;
      }
      assertEquals(SAMPLES, n);
      return null;
    });
    p.run().waitUntilFinish();
    assertEquals(SAMPLES, sim.stats().answered() - before);
  }
}
