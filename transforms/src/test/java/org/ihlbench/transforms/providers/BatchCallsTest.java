package org.ihlbench.transforms.providers;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.ihlbench.records.ChatMessage;
import org.ihlbench.records.ModelCall;
import org.ihlbench.records.Sample;
import org.ihlbench.records.Transcript;
import org.ihlbench.simulator.SimRequest;
import org.ihlbench.simulator.Simulator;
import org.ihlbench.simulator.SimulatorProfile;
import org.ihlbench.transforms.Records;
import org.ihlbench.transforms.TestRecords;
import org.ihlbench.transforms.ratelimit.Backoff;
import org.ihlbench.transforms.store.BatchJournal;
import org.junit.After;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * Batch mode against the simulator's OpenAI and Anthropic batch APIs: answers equal the live
 * answers, batches are split at the caps, every answer is stored (a rerun submits nothing),
 * errored and expired requests are resubmitted once and then are call errors, a batch submitted
 * but not journaled is found again instead of paid twice, and a submit-only run leaves its calls
 * for the next run to collect.
 */
public class BatchCallsTest {
  private static final String MODELS = String.join("\n",
      "models:",
      "  sim-mixed:",
      "    model_version: sim-mixed-v3",
      "    behaviour:",
      "      - p: {explanatory_refusal: 0.5, compliance: 0.3, terse_refusal: 0.2}",
      "  sim-filter:",
      "    behaviour:",
      "      - p: {provider_refusal: 1.0}");
  private static final BatchSettings FAST = new BatchSettings(1, 4, 0, 50, 200, false);

  @Rule public final transient TestPipeline p = TestPipeline.create();
  @Rule public final TemporaryFolder tmp = new TemporaryFolder();
  private Simulator sim;

  @After
  public void stop() {
    if (sim != null) {
      sim.close();
    }
  }

  private Simulator start(String batch) throws Exception {
    sim = Simulator.start(SimulatorProfile.parse(MODELS + "\nbatch: " + batch, "profile", null), 0);
    return sim;
  }

  private Endpoint openAi(String name, String model) {
    return TestRecords.endpoint(name, sim.openAiBaseUrl(), model)
        .withCallMode(Endpoint.CallMode.BATCH);
  }

  private Endpoint anthropic(String name, String model) {
    return new Endpoint(name, "simulator", "anthropic", sim.rootUrl(), model, TestRecords.KEY_ENV,
        "{\"max_tokens\":200}", "simulator:a", 0, 0, 3.0, 15.0, 10, 4, 16, null)
        .withCallMode(Endpoint.CallMode.BATCH);
  }

  private static List<Sample> samples(String model, int n) {
    List<Sample> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(TestRecords.sample(model + "-s" + i, model, "baseline", "p" + i,
          "Plan the destruction of the water station, variant " + i, 1 + i % 2));
    }
    return out;
  }

  /** The live answer of the simulator to a sample's request, as the adapters send it. */
  private String liveText(Sample s, String simModel, boolean anthropic) {
    SimRequest r = new SimRequest(simModel, null,
        List.of(new SimRequest.Message("user", s.getUserMessage())),
        anthropic ? 0 : s.getSeed(), 200, "k");
    return sim.answer(r, sim.profile().models().get(simModel)).text();
  }

  private static PCollection<String> view(PCollection<Transcript> t) {
    return t.apply("View", MapElements.into(TypeDescriptors.strings()).via((Transcript x) ->
        x.getSample().getSampleId() + "|" + x.getResponse().getOutcome() + "|"
            + (x.getResponse().getOutcome().name().equals("error")
                ? x.getResponse().getErrorClass() + "|" + x.getResponse().getAttempts()
                : x.getResponse().getText() + "|" + (x.getResponse().getBatchId() != null))));
  }

  private PCollection<Transcript> generate(Pipeline pipeline, Map<String, Endpoint> endpoints,
      List<Sample> samples, CallSettings settings) {
    return pipeline.apply(Create.of(samples).withCoder(Records.coder(Sample.class)))
        .apply(Generate.with(endpoints, Map.of(), settings)
            .withBackoff(new Backoff(Duration.ofMillis(1), Duration.ofMillis(5))));
  }

  private CallSettings settings(String store, BatchSettings batch) {
    return CallSettings.of("batch-test", store).withProgressEvery(0).withBatch(batch);
  }

  @Test
  public void openAiBatchesAnswerAsLiveCallsSplitAtTheCapAndARerunSubmitsNothing()
      throws Exception {
    start("{completion_ms: 100}");
    String store = tmp.getRoot() + "/store";
    List<Sample> in = samples("mixed", 10);
    List<String> expected = new ArrayList<>();
    for (Sample s : in) {
      expected.add(s.getSampleId() + "|answered|" + liveText(s, "sim-mixed", false) + "|true");
    }
    Map<String, Endpoint> endpoints = Map.of("mixed", openAi("mixed", "sim-mixed"));
    PAssert.that(view(generate(p, endpoints, in, settings(store, FAST)))).containsInAnyOrder(expected);
    p.run().waitUntilFinish();
    assertEquals("10 calls at 4 a batch", 3, sim.stats().batches());
    assertEquals(10, sim.stats().batchRequests("openai"));
    assertEquals(10, sim.stats().answered("sim-mixed"));
    List<BatchJournal.Entry> journal = new BatchJournal(store).read();
    assertEquals(3, journal.size());
    assertTrue(journal.stream().allMatch(e -> e.ended() && e.batchId() != null));

    Pipeline again = Pipeline.create(TestPipeline.testingPipelineOptions());
    PCollection<Transcript> rerun = generate(again, endpoints, in, settings(store, FAST));
    PAssert.that(rerun.apply("Stored", MapElements.into(TypeDescriptors.booleans())
        .via((Transcript t) -> t.getResponse().getFromStore()))).containsInAnyOrder(
            true, true, true, true, true, true, true, true, true, true);
    again.run().waitUntilFinish();
    assertEquals("a rerun submits nothing", 3, sim.stats().batches());
  }

  @Test
  public void anthropicBatchesAnswerAsLiveCallsAndProviderRefusalsAreRecognised()
      throws Exception {
    start("{completion_ms: 100}");
    String store = tmp.getRoot() + "/store";
    List<Sample> mixed = samples("mixed", 5);
    List<Sample> filtered = samples("filter", 3);
    List<Sample> in = new ArrayList<>(mixed);
    in.addAll(filtered);
    List<String> expected = new ArrayList<>();
    for (Sample s : mixed) {
      expected.add(s.getSampleId() + "|answered|" + liveText(s, "sim-mixed", true) + "|true");
    }
    for (Sample s : filtered) {
      expected.add(s.getSampleId() + "|provider_refusal|null|true");
    }
    Map<String, Endpoint> endpoints = Map.of("mixed", anthropic("mixed", "sim-mixed"),
        "filter", anthropic("filter", "sim-filter"));
    PAssert.that(view(generate(p, endpoints, in, settings(store, FAST)))).containsInAnyOrder(expected);
    p.run().waitUntilFinish();
    assertEquals(8, sim.stats().batchRequests("anthropic"));
    assertEquals("5 + 3 calls at 4 a batch", 3, sim.stats().batches());
  }

  @Test
  public void expiredRequestsAreResubmittedOnceThenAreCallErrors() throws Exception {
    start("{completion_ms: 50, expired: 1.0}");
    List<Sample> in = samples("mixed", 6);
    List<String> expected = new ArrayList<>();
    for (Sample s : in) {
      expected.add(s.getSampleId() + "|error|expired|2");
    }
    PAssert.that(view(generate(p, Map.of("mixed", openAi("mixed", "sim-mixed")), in,
        settings(tmp.getRoot() + "/store", new BatchSettings(1, 0, 0, 50, 200, false)))))
        .containsInAnyOrder(expected);
    p.run().waitUntilFinish();
    assertEquals("one batch, then one resubmission", 2, sim.stats().batches());
    assertEquals(12, sim.stats().batchRequests());
    assertEquals(0, sim.stats().answered());
  }

  @Test
  public void erroredRequestsAreResubmittedAndEveryCallComesOutOnce() throws Exception {
    start("{completion_ms: 50, errored: 0.5, seed: 7}");
    List<Sample> in = samples("mixed", 20);
    PCollection<Transcript> out = generate(p, Map.of("mixed", anthropic("mixed", "sim-mixed")),
        in, settings(tmp.getRoot() + "/store", new BatchSettings(1, 0, 0, 50, 200, false)));
    PAssert.that(out.apply("Ids", MapElements.into(TypeDescriptors.strings())
        .via((Transcript t) -> t.getSample().getSampleId())))
        .containsInAnyOrder(in.stream().map(Sample::getSampleId).toList());
    p.run().waitUntilFinish();
    long answered = sim.stats().answered("sim-mixed");
    long submitted = sim.stats().batchRequests();
    // 20 requests, about half errored and resubmitted once; the rest of those are errors.
    assertTrue("some answered the first time, more on resubmission: " + answered,
        answered > 10 && answered < 20);
    long resubmitted = submitted - 20;
    assertTrue("about half errored and were resubmitted once: " + resubmitted,
        resubmitted > 0 && resubmitted < 20);
    assertTrue("the first batch answered the rest", answered >= 20 - resubmitted);
    assertEquals(2, sim.stats().batches());
  }

  @Test
  public void aBatchThatFailsValidationIsResubmittedOnceThenItsCallsAreErrors()
      throws Exception {
    start("{completion_ms: 50, fail_validation: 1.0}");
    List<Sample> in = samples("mixed", 3);
    PAssert.that(view(generate(p, Map.of("mixed", openAi("mixed", "sim-mixed")), in,
        settings(tmp.getRoot() + "/store", FAST)))).containsInAnyOrder(
            "mixed-s0|error|batch_failed|2", "mixed-s1|error|batch_failed|2",
            "mixed-s2|error|batch_failed|2");
    p.run().waitUntilFinish();
    assertEquals(2, sim.stats().batches());
  }

  @Test
  public void aBatchSubmittedButNotJournaledIsFoundAgainNotPaidTwice() throws Exception {
    for (String protocol : List.of("openai", "anthropic")) {
      start("{completion_ms: 50}");
      String store = tmp.getRoot() + "/store-" + protocol;
      Endpoint e = protocol.equals("openai") ? openAi("mixed", "sim-mixed")
          : anthropic("mixed", "sim-mixed");
      BatchProtocol api = Protocols.batch(protocol).orElseThrow();
      List<Sample> in = samples("mixed", 3);
      // A run killed between submitting and journaling the id: the intent and the batch exist.
      List<BatchJournal.Request> requests = new ArrayList<>();
      List<byte[]> lines = new ArrayList<>();
      String tag = "bkilled" + protocol;
      for (int i = 0; i < in.size(); i++) {
        ModelCall call = call(e, in.get(i));
        requests.add(new BatchJournal.Request(tag + "-" + i, call.getCallKey(), 1));
        lines.add(api.line(e, tag + "-" + i, call));
      }
      long intentAt = System.currentTimeMillis();
      new BatchJournal(store).intent(tag, e.name(), e.protocol(), intentAt, requests);
      String id = api.submit(new BatchHttp(Backoff.standard(), 2), e,
          System.getenv(TestRecords.KEY_ENV), tag, lines);
      assertEquals(1, sim.stats().batches());

      Pipeline run = Pipeline.create(TestPipeline.testingPipelineOptions());
      List<String> expected = new ArrayList<>();
      for (Sample s : in) {
        expected.add(s.getSampleId() + "|answered|"
            + liveText(s, "sim-mixed", protocol.equals("anthropic")) + "|true");
      }
      PAssert.that(view(generate(run, Map.of("mixed", e), in, settings(store, FAST))))
          .containsInAnyOrder(expected);
      run.run().waitUntilFinish();
      assertEquals(protocol + ": no new batch", 1, sim.stats().batches());
      BatchJournal.Entry entry = new BatchJournal(store).read().get(0);
      assertEquals(id, entry.batchId());
      assertTrue(entry.ended());
      sim.close();
    }
    sim = null;
  }

  @Test
  public void aSubmitOnlyRunLeavesItsCallsToTheNextRun() throws Exception {
    start("{completion_ms: 1500}");
    String store = tmp.getRoot() + "/store";
    List<Sample> in = samples("mixed", 5);
    Map<String, Endpoint> endpoints = Map.of("mixed", anthropic("mixed", "sim-mixed"));
    List<String> pending = new ArrayList<>();
    List<String> answered = new ArrayList<>();
    for (Sample s : in) {
      pending.add(s.getSampleId() + "|error|batch_pending|0");
      answered.add(s.getSampleId() + "|answered|" + liveText(s, "sim-mixed", true) + "|true");
    }
    PAssert.that(view(generate(p, endpoints, in, settings(store, FAST.withSubmitOnly(true)))))
        .containsInAnyOrder(pending);
    p.run().waitUntilFinish();
    assertEquals(2, sim.stats().batches());
    List<BatchJournal.Entry> open = new BatchJournal(store).read();
    assertTrue(open.stream().noneMatch(BatchJournal.Entry::ended));

    Pipeline collect = Pipeline.create(TestPipeline.testingPipelineOptions());
    PAssert.that(view(generate(collect, endpoints, in, settings(store, FAST))))
        .containsInAnyOrder(answered);
    collect.run().waitUntilFinish();
    assertEquals("collected, not submitted again", 2, sim.stats().batches());
    assertTrue(new BatchJournal(store).read().stream().allMatch(BatchJournal.Entry::ended));
  }

  @Test
  public void batchedCallsCostTheBatchPrice() {
    Endpoint live = TestRecords.endpoint("m", "http://127.0.0.1:1/v1", "m");
    Endpoint batched = live.withCallMode(Endpoint.CallMode.BATCH);
    assertEquals(1.0 * 1000 / 1e6 + 2.0 * 500 / 1e6, live.cost(1000, 500), 1e-12);
    assertEquals(live.cost(1000, 500) / 2, batched.cost(1000, 500), 1e-12);
    assertEquals(live.cost(1000, 500), batched.liveCost(1000, 500), 1e-12);
    assertNull(Protocols.batch("gemini").orElse(null));
    assertNotNull(Protocols.batch("anthropic").orElse(null));
    assertTrue(Protocols.batchable("openai", "openai"));
    assertTrue("a host of one's own is taken at its word", Protocols.batchable("vllm", "openai"));
    assertTrue(!Protocols.batchable("together", "openai"));
    assertTrue(!Protocols.batchable("google", "gemini"));
  }

  private static ModelCall call(Endpoint e, Sample s) {
    List<ChatMessage> messages = List.of(new ChatMessage("user", s.getUserMessage()));
    return ModelCall.newBuilder()
        .setCallKey(CallKeys.of(e, null, messages, s.getSeed()))
        .setEndpoint(e.name())
        .setMessages(messages)
        .setSeed(s.getSeed())
        .setEstimatedTokens(Generate.estimateTokens(null, messages, e))
        .build();
  }
}
