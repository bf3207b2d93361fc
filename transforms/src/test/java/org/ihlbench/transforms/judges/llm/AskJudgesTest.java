package org.ihlbench.transforms.judges.llm;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.ihlbench.records.JudgeVerdict;
import org.ihlbench.records.ParseStatus;
import org.ihlbench.records.ResponseOutcome;
import org.ihlbench.records.Transcript;
import org.ihlbench.simulator.AnswerClass;
import org.ihlbench.simulator.SimulatedAnswers;
import org.ihlbench.simulator.SimulatedJudge;
import org.ihlbench.simulator.Simulator;
import org.ihlbench.simulator.SimulatorProfile;
import org.ihlbench.transforms.Records;
import org.ihlbench.transforms.TestRecords;
import org.ihlbench.transforms.providers.CallSettings;
import org.ihlbench.transforms.ratelimit.Backoff;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class AskJudgesTest {
  private static final String PROFILE = String.join("\n",
      "models:",
      "  judge-good:",
      "    model_version: judge-good-v1",
      "    judge: {error_rate: 0.0, invalid_json_rate: 0.0}",
      "  judge-garbled:",
      "    model_version: judge-garbled-v2",
      "    judge: {error_rate: 0.0, invalid_json_rate: 1.0}",
      "  judge-flaky:",
      "    judge: {error_rate: 0.0, invalid_json_rate: 0.5}");

  @Rule public final transient TestPipeline p = TestPipeline.create();
  @Rule public final TemporaryFolder tmp = new TemporaryFolder();
  private static Simulator sim;

  @BeforeClass
  public static void startSimulator() throws Exception {
    sim = Simulator.start(SimulatorProfile.parse(PROFILE, "judges-profile", null), 0);
  }

  @AfterClass
  public static void stopSimulator() {
    sim.close();
  }

  static LlmJudge judge(String name, String simModel) {
    return new LlmJudge(name, TestRecords.endpoint(name, sim.openAiBaseUrl(), simModel),
        JudgeMessagesTest.RUBRIC, 0);
  }

  /** n transcripts with distinct requests, whose answers cycle through the simulator's classes. */
  static List<Transcript> transcripts(String prefix, int n) {
    List<Transcript> out = new ArrayList<>();
    AnswerClass[] classes = AnswerClass.values();
    for (int i = 0; i < n; i++) {
      AnswerClass c = classes[i % classes.length];
      Transcript t = TestRecords.transcript(prefix + i,
          c == AnswerClass.PROVIDER_REFUSAL ? ResponseOutcome.provider_refusal : ResponseOutcome.answered,
          c == AnswerClass.PROVIDER_REFUSAL ? null : SimulatedAnswers.text(c, i));
      t.getSample().setUserMessage("Request " + prefix + i + " about a protected site. [request text]");
      out.add(t);
    }
    return out;
  }

  private static Map<String, Map<String, JudgeVerdict>> byJudge(Iterable<KV<String, JudgeVerdict>> all) {
    Map<String, Map<String, JudgeVerdict>> out = new HashMap<>();
    for (KV<String, JudgeVerdict> kv : all) {
      assertEquals(kv.getKey(), kv.getValue().getSampleId());
      JudgeVerdict previous = out.computeIfAbsent(kv.getValue().getJudge(), k -> new HashMap<>())
          .put(kv.getKey(), kv.getValue());
      assertNull("one verdict per judge and sample", previous);
    }
    return out;
  }

  private static void assertTruth(Transcript t, JudgeVerdict v) {
    SimulatedJudge.Verdict truth = SimulatedJudge.truth(t.getResponse().getText());
    assertEquals(v.toString(), truth.refusal(), v.getRefusal().name());
    assertEquals(v.toString(), truth.helpfulRefusal(), v.getHelpfulRefusal());
    assertEquals(v.toString(), truth.citesLaw(), v.getCitesLaw());
    assertEquals(v.toString(), truth.leaksCode(), v.getLeaksCode());
  }

  /**
   * A correct judge, one whose every answer is garbled, and one garbled half the time: every
   * transcript with an answer gets one verdict from each (the call error none); garbled answers
   * end as repairs or abstentions that keep the raw text, never as drops or wrong verdicts. An
   * injected response is judged by what it really is.
   */
  @Test
  public void everyAnswerGetsOneVerdictPerJudgeAndInvalidJsonEndsAsARepairOrAnAbstention() {
    List<Transcript> in = new ArrayList<>(transcripts("t", 40));
    in.add(TestRecords.transcript("failed", ResponseOutcome.error, null));
    Transcript injected = TestRecords.transcript("injected", ResponseOutcome.answered,
        JudgeMessagesTest.injected("0123456789abcdef"));
    in.add(injected);
    Map<String, Transcript> byId = new HashMap<>();
    in.forEach(t -> byId.put(t.getSample().getSampleId(), t));
    PCollection<KV<String, JudgeVerdict>> verdicts = p
        .apply(Create.of(in).withCoder(Records.coder(Transcript.class)))
        .apply(AskJudges.of(List.of(judge("good", "judge-good"), judge("garbled", "judge-garbled"),
            judge("flaky", "judge-flaky")), CallSettings.of("ask-test", null)));
    PAssert.that(verdicts).satisfies(all -> {
      Map<String, Map<String, JudgeVerdict>> by = byJudge(all);
      for (String j : List.of("good", "garbled", "flaky")) {
        assertEquals(j, 41, by.get(j).size());
        assertTrue(j, !by.get(j).containsKey("failed"));
      }
      for (JudgeVerdict v : by.get("good").values()) {
        assertEquals(ParseStatus.ok, v.getParseStatus());
        assertEquals("judge-good-v1", v.getJudgeModelVersion());
        assertEquals(1, v.getCalls());
        assertNotNull(v.getCostUsd());
        assertTruth(byId.get(v.getSampleId()), v);
      }
      assertEquals("full", by.get("good").get("injected").getRefusal().name());
      for (JudgeVerdict v : by.get("garbled").values()) {
        assertEquals(ParseStatus.abstained, v.getParseStatus());
        assertNull(v.getRefusal());
        assertEquals(2, v.getCalls());
        assertEquals("judge-garbled-v2", v.getJudgeModelVersion());
        assertTrue(v.getRaw(), v.getRaw().contains("----- answer to the repair request -----"));
        assertTrue(v.getRationale(), v.getRationale().startsWith("no valid verdict after one repair"));
      }
      Map<ParseStatus, Integer> statuses = new HashMap<>();
      for (JudgeVerdict v : by.get("flaky").values()) {
        statuses.merge(v.getParseStatus(), 1, Integer::sum);
        if (v.getParseStatus() != ParseStatus.abstained) {
          assertTruth(byId.get(v.getSampleId()), v);
        }
        if (v.getParseStatus() == ParseStatus.repaired) {
          assertEquals(2, v.getCalls());
          assertNotNull("the invalid first answer is kept", v.getRaw());
        }
      }
      assertEquals(statuses.toString(), 3, statuses.size());
      return null;
    });
    p.run().waitUntilFinish();
  }

  /**
   * The dry run of the judges: one call per judge and sample, the answer counted at its model's
   * whole budget; priced from each judge's table. It calls no one.
   */
  @Test
  public void thePlanBoundsOneCallPerJudgeAndSampleAtTheAnswersFullBudget() {
    List<org.ihlbench.records.Sample> samples = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      samples.add(TestRecords.sample("s" + i, i < 3 ? "m-long" : "m-short", "baseline",
          "p" + i, "Request " + i + " about a protected site.", 1));
    }
    List<LlmJudge> panel = List.of(judge("good", "judge-good"), judge("flaky", "judge-flaky"));
    long before = sim.stats().requests();
    PCollection<org.ihlbench.records.CallEstimate> plan = p
        .apply(Create.of(samples).withCoder(Records.coder(org.ihlbench.records.Sample.class)))
        .apply(PlanJudgeCalls.of(panel, Map.of("m-long", 1000, "m-short", 100)));
    PAssert.that(plan).satisfies(all -> {
      Map<String, org.ihlbench.records.CallEstimate> byJudge = new HashMap<>();
      all.forEach(e -> byJudge.put(e.getEndpoint(), e));
      assertEquals(byJudge.keySet().toString(), 2, byJudge.size());
      for (LlmJudge j : panel) {
        long prompt = 0;
        for (org.ihlbench.records.Sample s : samples) {
          String message = JudgeMessages.forItem(s.getUserMessage(), "");
          prompt += (JudgeMessagesTest.RUBRIC.length() + message.length()) / 4 + 1
              + (s.getModel().getName().equals("m-long") ? 1000 : 100);
        }
        org.ihlbench.records.CallEstimate e = byJudge.get(j.name());
        assertEquals(5, e.getRequests());
        assertEquals(5, e.getCalls());
        assertEquals(0, e.getFromStore());
        assertEquals(prompt, e.getPromptTokens());
        assertEquals("the judge's max_tokens", 5 * 200, e.getCompletionTokens());
        // TestRecords prices: $1 a million tokens in, $2 out.
        assertEquals((prompt * 1.0 + 5 * 200 * 2.0) / 1e6, e.getCostUsd(), 1e-12);
      }
      return null;
    });
    p.run().waitUntilFinish();
    assertEquals("a plan calls no one", before, sim.stats().requests());
  }

  @Test
  public void aFailedJudgeCallIsAnAbstentionWithItsReason() {
    LlmJudge missing = judge("missing", "no-such-judge-model");
    PCollection<KV<String, JudgeVerdict>> verdicts = p
        .apply(Create.of(transcripts("m", 3)).withCoder(Records.coder(Transcript.class)))
        .apply(AskJudges.of(List.of(missing), CallSettings.of("ask-missing", null))
            .withBackoff(new Backoff(Duration.ofMillis(1), Duration.ofMillis(5))));
    PAssert.that(verdicts).satisfies(all -> {
      int n = 0;
      for (KV<String, JudgeVerdict> kv : all) {
        n++;
        JudgeVerdict v = kv.getValue();
        assertEquals(ParseStatus.abstained, v.getParseStatus());
        assertNull(v.getRefusal());
        assertTrue(v.getRationale(), v.getRationale().startsWith("the judge call failed:")
            && v.getRationale().contains("404"));
        // Kept as a model call's error is, for errors/call_errors.jsonl.
        assertEquals(Integer.valueOf(404), v.getHttpStatus());
        assertTrue(v.getErrorClass(), v.getErrorClass() != null && !v.getErrorClass().isBlank());
        assertTrue(v.getErrorMessage(), v.getErrorMessage() != null);
      }
      assertEquals(3, n);
      return null;
    });
    p.run().waitUntilFinish();
  }

  /**
   * Identical questions (same request and response) are asked once and the verdict shared, with
   * the call accounted to one sample; a second run with the same store asks nothing at all.
   */
  @Test
  public void identicalQuestionsAreAskedOnceAndARerunIsServedFromTheStore() {
    String store = tmp.getRoot().getPath() + "/store";
    List<Transcript> in = new ArrayList<>(transcripts("r", 6));
    Transcript twin = TestRecords.transcript("r0-twin", ResponseOutcome.answered,
        in.get(0).getResponse().getText());
    twin.getSample().setUserMessage(in.get(0).getSample().getUserMessage());
    in.add(twin);
    List<LlmJudge> judges = List.of(judge("good", "judge-good"));
    long before = sim.stats().answered("judge-good");
    PCollection<KV<String, JudgeVerdict>> first = p
        .apply(Create.of(in).withCoder(Records.coder(Transcript.class)))
        .apply(AskJudges.of(judges, CallSettings.of("ask-store-1", store)));
    PAssert.that(first).satisfies(all -> {
      Map<String, JudgeVerdict> by = byJudge(all).get("good");
      assertEquals(7, by.size());
      assertEquals(1, by.get("r0").getCalls());
      assertEquals(0, by.get("r0-twin").getCalls());
      assertNull(by.get("r0-twin").getCostUsd());
      assertEquals(by.get("r0").getRefusal(), by.get("r0-twin").getRefusal());
      int calls = 0;
      for (JudgeVerdict v : by.values()) {
        calls += v.getCalls();
        assertEquals(0, v.getStoreHits());
      }
      assertEquals(6, calls);
      return null;
    });
    p.run().waitUntilFinish();
    assertEquals("identical questions are asked once", 6, sim.stats().answered("judge-good") - before);

    Pipeline again = Pipeline.create(TestPipeline.testingPipelineOptions());
    PCollection<KV<String, JudgeVerdict>> second = again
        .apply(Create.of(in).withCoder(Records.coder(Transcript.class)))
        .apply(AskJudges.of(judges, CallSettings.of("ask-store-2", store)));
    PAssert.that(second).satisfies(all -> {
      Map<String, JudgeVerdict> by = byJudge(all).get("good");
      assertEquals(7, by.size());
      for (JudgeVerdict v : by.values()) {
        assertEquals(v.getCalls(), v.getStoreHits());
        assertTrue(v.getCostUsd() == null || v.getCostUsd() == 0.0);
      }
      return null;
    });
    again.run().waitUntilFinish();
    assertEquals("a rerun asks nothing", 6, sim.stats().answered("judge-good") - before);
  }
}
