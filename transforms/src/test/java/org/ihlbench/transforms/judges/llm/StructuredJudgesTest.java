package org.ihlbench.transforms.judges.llm;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.ihlbench.records.JudgeVerdict;
import org.ihlbench.records.ParseStatus;
import org.ihlbench.records.Transcript;
import org.ihlbench.simulator.SimulatedJudge;
import org.ihlbench.simulator.Simulator;
import org.ihlbench.simulator.SimulatorProfile;
import org.ihlbench.transforms.Records;
import org.ihlbench.transforms.TestRecords;
import org.ihlbench.transforms.providers.CallSettings;
import org.ihlbench.transforms.providers.Endpoint;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Rule;
import org.junit.Test;

/**
 * LLM judges asked for structured output through each protocol's adapter, against the
 * simulator, which checks the request fields as the real APIs do (a malformed schema would be a
 * 400 and end every verdict as an abstention): every verdict is read, marked structured, and
 * right. A host that lacks structured output ({@code reject_params: [response_format]}) keeps
 * working with {@code structured_output: off}.
 */
public class StructuredJudgesTest {
  private static final String PROFILE = String.join("\n",
      "models:",
      "  judge-flaky:",
      "    judge: {error_rate: 0.0, invalid_json_rate: 0.5}",
      "  judge-plain-host:",
      "    judge: {error_rate: 0.0, invalid_json_rate: 0.0}",
      "    reject_params: [response_format]");

  @Rule public final transient TestPipeline p = TestPipeline.create();
  private static Simulator sim;

  @BeforeClass
  public static void startSimulator() throws Exception {
    sim = Simulator.start(SimulatorProfile.parse(PROFILE, "structured-profile", null), 0);
  }

  @AfterClass
  public static void stopSimulator() {
    sim.close();
  }

  private static LlmJudge judge(String name, String protocol, String provider, String baseUrl,
      String model, LlmJudge.StructuredOutputSetting setting) {
    Endpoint e = new Endpoint(name, provider, protocol, baseUrl, model, TestRecords.KEY_ENV,
        "{\"max_tokens\":200,\"temperature\":0.7}", "simulator:" + name, 0, 0, 1.0, 2.0, 10, 4,
        16, null);
    return new LlmJudge(name, e, JudgeMessagesTest.RUBRIC, 0, null, setting);
  }

  @Test
  public void everyProtocolAsksForTheVerdictSchemaAndReadsTheStructuredAnswer() {
    LlmJudge.StructuredOutputSetting on = LlmJudge.StructuredOutputSetting.ON;
    List<LlmJudge> panel = List.of(
        judge("openai", "openai", "openai", sim.openAiBaseUrl(), "judge-flaky", on),
        judge("anthropic", "anthropic", "anthropic", sim.rootUrl(), "judge-flaky", on),
        judge("gemini", "gemini", "google", sim.rootUrl(), "judge-flaky", on),
        judge("plain", "openai", "simulator", sim.openAiBaseUrl(), "judge-plain-host",
            LlmJudge.StructuredOutputSetting.OFF));
    assertTrue(panel.get(0).structured());
    assertFalse(panel.get(3).structured());
    assertTrue("auto is on for a provider known to accept it",
        panel.get(1).withStructuredOutput(LlmJudge.StructuredOutputSetting.AUTO).structured());
    assertFalse("auto is off for an unknown host",
        panel.get(3).withStructuredOutput(LlmJudge.StructuredOutputSetting.AUTO).structured());
    List<Transcript> in = AskJudgesTest.transcripts("s", 40);
    Map<String, Transcript> byId = new HashMap<>();
    in.forEach(t -> byId.put(t.getSample().getSampleId(), t));
    PCollection<KV<String, JudgeVerdict>> verdicts = p
        .apply(Create.of(in).withCoder(Records.coder(Transcript.class)))
        .apply(AskJudges.of(panel, CallSettings.of("structured-test", null)));
    PAssert.that(verdicts).satisfies(all -> {
      Map<String, Map<ParseStatus, Integer>> statuses = new HashMap<>();
      Map<String, Integer> count = new HashMap<>();
      for (KV<String, JudgeVerdict> kv : all) {
        JudgeVerdict v = kv.getValue();
        count.merge(v.getJudge(), 1, Integer::sum);
        statuses.computeIfAbsent(v.getJudge(), k -> new HashMap<>())
            .merge(v.getParseStatus(), 1, Integer::sum);
        assertEquals(v.toString(), !v.getJudge().equals("plain"), v.getStructured());
        if (v.getParseStatus() != ParseStatus.abstained) {
          SimulatedJudge.Verdict truth =
              SimulatedJudge.truth(byId.get(v.getSampleId()).getResponse().getText());
          assertEquals(v.toString(), truth.refusal(), v.getRefusal().name());
          assertEquals(v.toString(), truth.helpfulRefusal(), v.getHelpfulRefusal());
        } else {
          assertNull(v.getRefusal());
        }
      }
      int answered = count.get("plain");
      for (String j : List.of("openai", "anthropic", "gemini")) {
        assertEquals(j, Integer.valueOf(answered), count.get(j));
        Map<ParseStatus, Integer> s = statuses.get(j);
        // Half the answers go wrong, but under a schema only a third of those can (a verdict that
        // fits the schema and breaks the rubric), so most are read at once and a few repaired.
        int ok = s.getOrDefault(ParseStatus.ok, 0);
        int repaired = s.getOrDefault(ParseStatus.repaired, 0);
        assertTrue(j + " " + s, ok >= answered * 0.65);
        assertTrue(j + " " + s, repaired >= 1);
        assertEquals(j + " " + s, answered, ok + repaired
            + s.getOrDefault(ParseStatus.abstained, 0));
      }
      assertEquals(statuses.toString(), Integer.valueOf(answered),
          statuses.get("plain").get(ParseStatus.ok));
      return null;
    });
    p.run().waitUntilFinish();
  }
}
