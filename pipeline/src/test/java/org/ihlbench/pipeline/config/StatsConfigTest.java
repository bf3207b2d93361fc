package org.ihlbench.pipeline.config;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.ihlbench.transforms.stats.StatsSettings;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** The config's optional {@code stats} section. */
public class StatsConfigTest {
  @Rule public final TemporaryFolder tmp = new TemporaryFolder();

  private static final String BASE = String.join("\n",
      "name: t",
      "dataset: {paths: [set.jsonl]}",
      "models: [{name: a, provider: openai, model_id: gpt-4o, api_key_env: OPENAI_API_KEY}]",
      "conditions: [{name: none}, {name: safety, system_prompt_file: safety.txt}]",
      "variants: [plain]",
      "");

  private ExperimentConfig load(String yaml) throws Exception {
    Path f = tmp.getRoot().toPath().resolve("exp.yaml");
    Files.writeString(f, yaml, StandardCharsets.UTF_8);
    Files.writeString(tmp.getRoot().toPath().resolve("safety.txt"), "Be lawful.");
    return ExperimentConfig.load(f, Map.of());
  }

  @Test
  public void withoutTheSectionTheDefaultsApplyInConfigOrder() throws Exception {
    StatsSettings s = load(BASE).stats();
    assertNull(s.referenceCondition());
    assertEquals(List.of("none", "safety"), s.conditionOrder());
    assertEquals(List.of("plain"), s.variantOrder());
    assertEquals(StatsSettings.DEFAULT_REPLICATES, s.bootstrapReplicates());
    assertEquals(StatsSettings.DEFAULT_PERMUTATIONS, s.permutations());
  }

  @Test
  public void theSectionSetsReferencesAndResampling() throws Exception {
    StatsSettings s = load(BASE + "stats: {reference_condition: safety, reference_variant: plain,"
        + " bootstrap_replicates: 0, permutations: 2000}").stats();
    assertEquals("safety", s.referenceCondition());
    assertEquals("plain", s.referenceVariant());
    assertEquals(0, s.bootstrapReplicates());
    assertEquals(2000, s.permutations());
  }

  private void assertError(String yaml, String expected) throws Exception {
    try {
      load(yaml);
      fail("expected: " + expected);
    } catch (ConfigException e) {
      assertTrue(e.getMessage(), e.getMessage().contains("exp.yaml: " + expected));
    }
  }

  @Test
  public void errorsNameTheField() throws Exception {
    assertError(BASE + "stats: {reference_condition: baseline}",
        "stats.reference_condition: no condition named 'baseline'; conditions are [none, safety]");
    assertError(BASE + "stats: {reference_variant: code}", "stats.reference_variant: no variant");
    assertError(BASE + "stats: {permutations: 10}", "stats.permutations: must be a whole number >= 999");
    assertError(BASE + "stats: {bootstrap_replicates: -1}",
        "stats.bootstrap_replicates: must be a whole number >= 0");
    assertError(BASE + "stats: {replicates: 5}", "stats.replicates: unknown field");
  }
}
