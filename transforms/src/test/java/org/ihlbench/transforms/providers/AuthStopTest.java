package org.ihlbench.transforms.providers;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.File;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.avro.file.DataFileReader;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.ihlbench.records.CallResult;
import org.ihlbench.records.Sample;
import org.ihlbench.simulator.Simulator;
import org.ihlbench.simulator.SimulatorProfile;
import org.ihlbench.transforms.Records;
import org.ihlbench.transforms.TestRecords;
import org.ihlbench.transforms.store.ResponseStore;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * One model's key is revoked (401), the other's is fine. The run must stop, naming the variable
 * to fix and not its key; and every answer the provider did send before the stop must be in
 * the response store, since it was paid for: calls in flight are finished, not dropped.
 */
public class AuthStopTest {
  private static final String REVOKED_ENV = "IHLBENCH_REVOKED_TEST_KEY";
  @Rule public final transient TestPipeline p = TestPipeline.create();
  @Rule public final TemporaryFolder tmp = new TemporaryFolder();
  private Simulator sim;

  @Before
  public void start() throws Exception {
    sim = Simulator.start(SimulatorProfile.parse(String.join("\n",
        "models:",
        "  sim-ok:",
        "    latency_ms: 20",
        "    behaviour:",
        "      - p: {explanatory_refusal: 1.0}"), "auth-profile", null), 0);
    sim.rejectApiKey(System.getenv(REVOKED_ENV));
  }

  @After
  public void stop() {
    sim.close();
  }

  @Test
  public void aRevokedKeyStopsTheRunAndEveryAnswerAlreadySentIsStored() throws Exception {
    String key = System.getenv(REVOKED_ENV);
    assertTrue("the build sets " + REVOKED_ENV, key != null && !key.isBlank());
    Endpoint good = TestRecords.endpoint("good", sim.openAiBaseUrl(), "sim-ok");
    Endpoint revoked = new Endpoint("revoked", "simulator", "openai", sim.openAiBaseUrl(), "sim-ok",
        REVOKED_ENV, good.paramsJson(), good.rateLimitBucket(), 0, 0, 1.0, 2.0, 10, 3, 8, null);
    // One bucket, so one dispatch loop holds both: what is guaranteed is that the loop that
    // meets the 401 finishes its calls in flight. (A runner that abandons other bundles when one
    // fails can still drop answers in flight there; a rerun then pays for at most those.)
    List<Sample> samples = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      String model = i % 2 == 0 ? "good" : "revoked";
      samples.add(TestRecords.sample("s" + i, model, "baseline", "p" + i, "Request " + i, 1));
    }
    String store = tmp.getRoot().getPath() + "/store";
    p.apply(Create.of(samples).withCoder(Records.coder(Sample.class)))
        .apply(Generate.with(Map.of("good", good, "revoked", revoked), Map.of(),
            CallSettings.of("auth-stop", store)));
    try {
      p.run().waitUntilFinish();
      fail("a revoked key must stop the run");
    } catch (RuntimeException e) {
      String message = String.valueOf(rootCause(e).getMessage());
      assertTrue(message, rootCause(e) instanceof ProviderAuthException);
      assertTrue(message, message.contains(REVOKED_ENV));
      assertFalse(message, message.contains(key));
    }
    assertEquals("every answer sent is stored", sim.stats().answered("sim-ok"), stored(store));
  }

  private static Throwable rootCause(Throwable t) {
    while (t.getCause() != null && t.getCause() != t) {
      if (t instanceof ProviderAuthException) {
        return t;
      }
      t = t.getCause();
    }
    return t;
  }

  private static long stored(String store) throws Exception {
    File[] segments = new File(ResponseStore.journalDir(store)).listFiles();
    long n = 0;
    for (File f : segments == null ? new File[0] : segments) {
      try (DataFileReader<CallResult> r =
          new DataFileReader<>(f, new SpecificDatumReader<>(CallResult.class))) {
        while (r.hasNext()) {
          r.next();
          n++;
        }
      }
    }
    return n;
  }
}
