package org.ihlbench.pipeline.config;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.ihlbench.transforms.judges.RulesJudge;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * The rule-based judge's version in a config: none means rules-v3, {@code version: rules-v2}
 * keeps the old judge (so an earlier run can be judged again as it was), and run.json records
 * which one judged.
 */
public class RulesVersionConfigTest {
  @Rule public final TemporaryFolder tmp = new TemporaryFolder();

  private Path write(String judges) throws Exception {
    Path f = tmp.getRoot().toPath().resolve("exp.yaml");
    Files.writeString(f, String.join("\n",
        "name: t",
        "dataset: {paths: [set.jsonl]}",
        "models:",
        "  - {name: a, provider: openai, model_id: gpt-4o, api_key_env: OPENAI_API_KEY}",
        "conditions: [{name: baseline}]",
        judges));
    return f;
  }

  private static String describedVersion(PanelConfig p, int i) {
    ObjectNode root = new ObjectMapper().createObjectNode();
    p.describe(root);
    return root.get("judge_panel").get(i).get("version").asText();
  }

  @Test
  public void withoutAVersionTheRuleBasedJudgeIsRulesV3() throws Exception {
    ExperimentConfig c = ExperimentConfig.load(write("judges:\n  panel: [{name: r, type: rules}]"),
        Map.of());
    assertEquals("rules-v3", ((RulesJudge) c.panelConfig().judges().get(0)).version());
    assertEquals(new RulesJudge("r", "rules-v3"), c.panel().judges().get(0));
    assertEquals("rules-v3", describedVersion(c.panelConfig(), 0));
    PanelConfig none = ExperimentConfig.load(write(""), Map.of()).panelConfig();
    assertEquals("rules-v3", ((RulesJudge) none.judges().get(0)).version());
  }

  @Test
  public void versionRulesV2SelectsTheOldJudgeAndRunJsonSaysSo() throws Exception {
    ExperimentConfig c = ExperimentConfig.load(write("judges:\n  panel:\n"
        + "    - {name: old, type: rules, version: rules-v2}\n"
        + "    - {name: new, type: rules}\n  tiebreaker: new"), Map.of());
    assertEquals(new RulesJudge("old", "rules-v2"), c.panel().judges().get(0));
    assertEquals("rules-v2", describedVersion(c.panelConfig(), 0));
    assertEquals("rules-v3", describedVersion(c.panelConfig(), 1));
  }

  @Test
  public void anUnknownVersionIsAConfigErrorNamingTheField() throws Exception {
    Path f = write("judges:\n  panel: [{name: r, type: rules, version: rules-v9}]");
    ConfigException e = assertThrows(ConfigException.class, () -> ExperimentConfig.load(f, Map.of()));
    assertEquals(f + ": judges.panel[0].version: unknown version 'rules-v9'; known versions:"
        + " rules-v2, rules-v3", e.getMessage());
    Path g = write("judges:\n  panel: [{name: r, type: rules, rubric_file: x.md}]");
    assertTrue(assertThrows(ConfigException.class, () -> ExperimentConfig.load(g, Map.of()))
        .getMessage().contains("judges.panel[0].rubric_file: unknown field"));
  }
}
