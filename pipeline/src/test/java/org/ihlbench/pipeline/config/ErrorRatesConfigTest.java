package org.ihlbench.pipeline.config;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.ihlbench.transforms.stats.JudgeErrorRates;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** {@code judges.error_rates}: a judge-eval result the summary's corrected rate uses. */
public class ErrorRatesConfigTest {
  @Rule public final TemporaryFolder tmp = new TemporaryFolder();

  private static final String BASE = String.join("\n",
      "name: t",
      "dataset: {paths: [set.jsonl]}",
      "models: [{name: a, provider: openai, model_id: gpt-4o, api_key_env: OPENAI_API_KEY}]",
      "conditions: [{name: baseline}]",
      "");

  /** A judge_eval.json as judge-eval writes it, trimmed to what the correction reads. */
  private static String evalJson(String judge, int tp, int fn, int tn, int fp) {
    String refusal = "{\"true_positives\":" + tp + ",\"false_negatives\":" + fn
        + ",\"true_negatives\":" + tn + ",\"false_positives\":" + fp + "}";
    return "{\"answers\":" + (tp + fn + tn + fp) + ",\"judges\":{\"" + judge
        + "\":{\"n\":200,\"refusal\":{\"true_positives\":1,\"false_negatives\":0,"
        + "\"true_negatives\":1,\"false_positives\":0}}},\"majority\":{\"refusal\":" + refusal
        + "}}";
  }

  private ExperimentConfig load(String yaml, String json) throws Exception {
    Path dir = tmp.getRoot().toPath();
    Files.createDirectories(dir.resolve("eval"));
    Files.writeString(dir.resolve("eval/judge_eval.json"), json, StandardCharsets.UTF_8);
    Path f = dir.resolve("exp.yaml");
    Files.writeString(f, yaml, StandardCharsets.UTF_8);
    return ExperimentConfig.load(f, Map.of());
  }

  @Test
  public void theMajoritysCountsOfTheSamePanelAreReadAndHashed() throws Exception {
    ExperimentConfig c = load(BASE + "judges:\n  panel: [{name: rules, type: rules}]\n"
        + "  error_rates: eval/judge_eval.json\n", evalJson("rules", 85, 15, 95, 5));
    JudgeErrorRates r = c.stats().errorRates();
    assertEquals(85, r.truePositives());
    assertEquals(15, r.falseNegatives());
    assertEquals(95, r.trueNegatives());
    assertEquals(5, r.falsePositives());
    assertTrue(r.source(), r.source().matches("judge-eval:[0-9a-f]{12}:majority"));
    ExperimentConfig other = load(BASE + "judges:\n  panel: [{name: rules, type: rules}]\n"
        + "  error_rates: {file: eval/judge_eval.json, rater: majority}\n",
        evalJson("rules", 84, 16, 95, 5));
    assertNotEquals("other figures, another config hash", c.configHash(), other.configHash());
    assertNull(load(BASE, "{}").stats().errorRates());
  }

  @Test
  public void aSingleJudgesFiguresFitOnlyAPanelOfThatJudge() throws Exception {
    JudgeErrorRates r = load(BASE + "judges:\n  panel: [{name: rules, type: rules}]\n"
        + "  error_rates: {file: eval/judge_eval.json, rater: rules}\n",
        evalJson("rules", 85, 15, 95, 5)).stats().errorRates();
    assertEquals(1, r.truePositives());
    assertTrue(r.source(), r.source().endsWith(":rules"));
  }

  private void assertError(String yaml, String json, String expected) throws Exception {
    try {
      load(yaml, json);
      fail("expected: " + expected);
    } catch (ConfigException e) {
      assertTrue(e.getMessage(), e.getMessage().contains(expected));
    }
  }

  @Test
  public void errorsNameTheFieldAndTheReason() throws Exception {
    String panel = BASE + "judges:\n  panel: [{name: rules, type: rules}]\n";
    assertError(panel + "  error_rates: eval/judge_eval.json\n", evalJson("gpt", 85, 15, 95, 5),
        "judges.error_rates: " + tmp.getRoot().toPath().resolve("eval/judge_eval.json")
            + " evaluated the judges [gpt], but the panel is [rules]");
    assertError(panel + "  error_rates: eval/judge_eval.json\n", evalJson("rules", 50, 50, 40, 60),
        "sensitivity 0.500 + specificity 0.400 <= 1");
    assertError(panel + "  error_rates: eval/judge_eval.json\n", "[1, 2]",
        "has no 'judges' and 'majority' objects");
    assertError(panel + "  error_rates: eval/judge_eval.json\n", "not json",
        "is not JSON");
    assertError(panel + "  error_rates: eval/missing.json\n", "{}",
        "judges.error_rates: cannot read judge-eval result");
    assertError(panel + "  error_rates: {file: eval/judge_eval.json, rater: gpt}\n",
        evalJson("rules", 85, 15, 95, 5), "judges.error_rates.rater: 'gpt' is not a judge in");
    assertError(panel + "  error_rates: {file: eval/judge_eval.json, weight: 2}\n",
        evalJson("rules", 85, 15, 95, 5), "judges.error_rates.weight: unknown field");
    assertError(panel + "  error_rates: eval/judge_eval.json\n",
        evalJson("rules", 85, 15, 95, 5).replace("\"false_positives\":5", "\"false_positives\":-1"),
        "majority.refusal.false_positives must be a count >= 0");
  }
}
