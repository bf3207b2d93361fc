package org.ihlbench.transforms.providers;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.beam.runners.direct.DirectOptions;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Count;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.Filter;
import org.apache.beam.sdk.values.PCollection;
import org.ihlbench.records.ResponseOutcome;
import org.ihlbench.records.Sample;
import org.ihlbench.records.Transcript;
import org.ihlbench.simulator.Simulator;
import org.ihlbench.simulator.SimulatorProfile;
import org.ihlbench.transforms.Records;
import org.ihlbench.transforms.TestRecords;
import org.junit.Rule;
import org.junit.Test;

/**
 * A provider limit of 1200 requests a minute, enforced by the simulator per API key, and the same
 * limit in the config, with the calls spread over four shards that run in parallel: each shard
 * paces itself at a quarter of the limit, so together they hold the limit and get (almost) no
 * 429s.
 */
public class GlobalRateLimitTest {
  private static final int RPM = 1200;
  private static final int SHARDS = 4;
  private static final int SAMPLES = 200;

  @Rule public final transient TestPipeline p = TestPipeline.create();

  @Test
  public void fourShardsTogetherHoldTheProvidersLimit() throws Exception {
    String profile = String.join("\n",
        "latency_ms: 50",
        "rate_limit: {requests_per_minute: " + RPM + "}",
        "models:",
        "  sim-limited:",
        "    behaviour:",
        "      - p: {terse_refusal: 0.5, compliance: 0.5}");
    try (Simulator sim = Simulator.start(SimulatorProfile.parse(profile, "rl", null), 0)) {
      Endpoint t = TestRecords.endpoint("limited", sim.openAiBaseUrl(), "sim-limited");
      Endpoint limited = new Endpoint(t.name(), t.provider(), t.protocol(), t.baseUrl(),
          t.modelId(), t.apiKeyEnv(), t.paramsJson(), t.rateLimitBucket(), RPM, 0, 0, 0, 10, 6,
          32, null);
      List<Sample> in = new ArrayList<>();
      for (int i = 0; i < SAMPLES; i++) {
        in.add(TestRecords.sample("s" + i, "limited", "baseline", "p" + i, "Request " + i, 1));
      }
      // A thread per shard and two for the rest, as RunExperiment gives the Direct runner, so
      // the shards really run side by side.
      p.getOptions().as(DirectOptions.class).setTargetParallelism(SHARDS + 2);
      PCollection<Transcript> out = p
          .apply(Create.of(in).withCoder(Records.coder(Sample.class)))
          .apply(Generate.with(Map.of("limited", limited), Map.of(),
              CallSettings.of("rate-limit", null).withShards(SHARDS)));
      PAssert.thatSingleton(out
              .apply(Filter.by((Transcript x) -> x.getResponse().getOutcome() == ResponseOutcome.answered))
              .apply(Count.globally()))
          .isEqualTo((long) SAMPLES);
      p.run().waitUntilFinish();

      long requests = sim.stats().requests();
      long limitedCount = sim.stats().withStatus(429);
      double rate = sim.stats().answerRatePerSecond();
      String report = String.format("%d requests, %d answered 429, %.1f answers/s (limit %.1f/s)",
          requests, limitedCount, rate, RPM / 60.0);
      System.out.println("GlobalRateLimitTest: " + report);
      assertEquals(report, SAMPLES, sim.stats().answered());
      assertTrue("few 429s: " + report, limitedCount <= SAMPLES / 50);
      // Each shard may start two calls at once (to make up a late start), then its share of the
      // limit: n calls take at least (n - 2 x shards) / limit, plus a little for timing jitter.
      double most = (SAMPLES - 1) * (RPM / 60.0) / (SAMPLES - 2.0 * SHARDS);
      assertTrue("within the limit: " + report, rate <= most * 1.03);
      // How much of the limit is used is a speed figure, which depends on the machine's load:
      // scripts/bench-providers.sh measures it (docs/BENCHMARKS.md), not this test.
    }
  }
}
