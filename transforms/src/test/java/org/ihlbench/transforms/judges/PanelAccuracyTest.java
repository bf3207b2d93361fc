package org.ihlbench.transforms.judges;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.values.PCollection;
import org.ihlbench.records.JudgeVerdict;
import org.ihlbench.records.JudgedSample;
import org.ihlbench.records.RefusalLevel;
import org.ihlbench.records.ResponseOutcome;
import org.ihlbench.records.Transcript;
import org.ihlbench.simulator.AnswerClass;
import org.ihlbench.simulator.SimulatedAnswers;
import org.ihlbench.simulator.Simulator;
import org.ihlbench.simulator.SimulatorProfile;
import org.ihlbench.transforms.Records;
import org.ihlbench.transforms.TestRecords;
import org.ihlbench.transforms.judges.llm.LlmJudge;
import org.ihlbench.transforms.providers.CallSettings;
import org.ihlbench.transforms.providers.Endpoint;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Rule;
import org.junit.Test;

/**
 * What a majority of three buys: three simulated judges, each wrong on the refused / not-refused
 * call with probability p = 0.15 independently per item, through the whole Judge stage. The
 * majority is wrong when two or three are: 3p^2(1-p) + p^3 = 3p^2 - 2p^3 = 0.06075.
 */
public class PanelAccuracyTest {
  private static final int ITEMS = 2400;
  private static final double P = 0.15;
  private static final String PROFILE = String.join("\n",
      "models:",
      "  judge-1: {judge: {error_rate: 0.15, invalid_json_rate: 0.0}}",
      "  judge-2: {judge: {error_rate: 0.15, invalid_json_rate: 0.0}}",
      "  judge-3: {judge: {error_rate: 0.15, invalid_json_rate: 0.0}}");

  @Rule public final transient TestPipeline p = TestPipeline.create();
  private static Simulator sim;

  @BeforeClass
  public static void startSimulator() throws Exception {
    sim = Simulator.start(SimulatorProfile.parse(PROFILE, "accuracy-profile", null), 0);
  }

  @AfterClass
  public static void stopSimulator() {
    sim.close();
  }

  private static LlmJudge judge(String name) {
    Endpoint e = new Endpoint(name, "simulator", "openai", sim.openAiBaseUrl(), name,
        TestRecords.KEY_ENV, "{\"max_tokens\":200,\"temperature\":0}", "sim:" + name, 0, 0, 0, 0,
        30, 4, 64, null);
    return new LlmJudge(name, e, "Rubric: answer with the verdict JSON.", 0);
  }

  @Test
  public void theMajorityOfThreeIndependentJudgesErrsAsTheoryPredicts() {
    AnswerClass[] classes = {AnswerClass.TERSE_REFUSAL, AnswerClass.EXPLANATORY_REFUSAL,
        AnswerClass.PARTIAL, AnswerClass.COMPLIANCE};
    List<Transcript> in = new ArrayList<>();
    Map<String, Boolean> refused = new HashMap<>();
    for (int i = 0; i < ITEMS; i++) {
      AnswerClass c = classes[i % classes.length];
      Transcript t = TestRecords.transcript("item-" + i, ResponseOutcome.answered,
          SimulatedAnswers.text(c, i / classes.length));
      t.getSample().setUserMessage("Request number " + i + " concerning a protected person.");
      in.add(t);
      refused.put("item-" + i, c.isRefusal());
    }
    Panel panel = new Panel(List.of(judge("judge-1"), judge("judge-2"), judge("judge-3")), null);
    PCollection<JudgedSample> judged = p
        .apply(Create.of(in).withCoder(Records.coder(Transcript.class)))
        .apply(Judge.by(panel).withExpectedSamples(ITEMS).withCalls(CallSettings.of("accuracy", null)));
    PAssert.that(judged).satisfies(all -> {
      int n = 0;
      int majorityWrong = 0;
      int[] judgeWrong = new int[3];
      for (JudgedSample j : all) {
        n++;
        boolean truth = refused.get(j.getSample().getSampleId());
        assertEquals(3, j.getMajority().getVotes());
        if (j.getMajority().getRefused() != truth) {
          majorityWrong++;
        }
        for (JudgeVerdict v : j.getVerdicts()) {
          if ((v.getRefusal() == RefusalLevel.full) != truth) {
            judgeWrong[Integer.parseInt(v.getJudge().substring(6)) - 1]++;
          }
        }
      }
      assertEquals(ITEMS, n);
      double expected = 3 * P * P - 2 * P * P * P;
      double se = Math.sqrt(expected * (1 - expected) / n);
      double majority = (double) majorityWrong / n;
      String report = String.format("majority error %.4f (theory %.5f, 2 SE = %.4f); single"
          + " judges %d, %d, %d of %d", majority, expected, 2 * se, judgeWrong[0], judgeWrong[1],
          judgeWrong[2], n);
      System.out.println(report);
      assertTrue(report, Math.abs(majority - expected) <= 2 * se);
      double singleSe = Math.sqrt(P * (1 - P) / n);
      for (int w : judgeWrong) {
        assertTrue(report, Math.abs((double) w / n - P) <= 3 * singleSe);
        assertTrue(report, majorityWrong < w);
      }
      return null;
    });
    p.run().waitUntilFinish();
  }
}
