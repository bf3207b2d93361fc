package org.ihlbench.pipeline.config;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.ihlbench.pipeline.DemoFixture;
import org.ihlbench.transforms.providers.Endpoint;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

public class ExperimentConfigTest {
  @Rule public final TemporaryFolder tmp = new TemporaryFolder();

  private static final Map<String, String> ENV = Map.of("IHLBENCH_SIMULATOR_URL", "http://127.0.0.1:9999");

  @Test
  public void theDemoConfigLoads() {
    ExperimentConfig c = ExperimentConfig.load(DemoFixture.CONFIGS.resolve("demo.yaml"), ENV);
    assertEquals("demo", c.name());
    assertEquals(2, c.models().size());
    Endpoint e = c.models().get(0);
    assertEquals("http://127.0.0.1:9999/v1", e.baseUrl());
    assertEquals("IHLBENCH_SIMULATOR_KEY", e.apiKeyEnv());
    assertEquals("{\"max_tokens\":400,\"temperature\":0.7}", e.paramsJson());
    assertEquals(12000, e.requestsPerMinute(), 0);
    assertEquals(2.5, e.inputPricePerMillion(), 0);
    assertEquals("simulator:IHLBENCH_SIMULATOR_KEY", e.rateLimitBucket());
    assertEquals(2, c.conditions().size());
    assertNull(c.conditions().get(0).systemPrompt());
    assertTrue(c.conditions().get(1).systemPrompt().contains("International Humanitarian Law"));
    assertEquals(java.util.List.of(1, 2, 3), c.seeds());
    assertEquals(java.util.List.of("plain"), c.variants());
    assertTrue(c.datasetPaths().get(0).endsWith("configs/datasets/starter.jsonl"));
    assertEquals(432 / 36, c.design().samplesPerPrompt());
  }

  @Test
  public void thePaperConfigCrossesTheFullSetWithThreeConditionsAndFourVariants() {
    ExperimentConfig c = ExperimentConfig.load(DemoFixture.CONFIGS.resolve("paper.yaml"), ENV);
    assertEquals(2, c.datasetPaths().size());
    assertEquals(java.util.List.of("baseline", "ihl-safety", "tailored"),
        c.conditions().stream().map(x -> x.name()).toList());
    assertEquals(java.util.List.of("plain", "code", "technical", "roleplay"), c.variants());
    var standard = c.conditions().get(1);
    var tailored = c.conditions().get(2);
    for (Endpoint m : c.models()) {
      // Each model gets its own tailored prompt, different from the standard one.
      assertTrue(tailored.systemPromptFor(m.name()).contains("International Humanitarian Law"));
      assertNotEquals(standard.systemPromptFor(m.name()), tailored.systemPromptFor(m.name()));
    }
    assertNotEquals(tailored.systemPromptFor("sim-lax"), tailored.systemPromptFor("sim-cautious"));
    assertEquals(2 * 3 * 4, c.design().samplesPerPrompt());
  }

  @Test
  public void theDefaultBaseUrlIsUsedWhenTheVariableIsUnset() {
    ExperimentConfig c = ExperimentConfig.load(DemoFixture.CONFIGS.resolve("demo.yaml"), Map.of());
    assertEquals("http://127.0.0.1:8089/v1", c.models().get(0).baseUrl());
  }

  private Path write(String yaml) throws Exception {
    Path f = tmp.getRoot().toPath().resolve("exp.yaml");
    Files.writeString(f, yaml, StandardCharsets.UTF_8);
    Files.writeString(tmp.getRoot().toPath().resolve("safety.txt"), "Be lawful.");
    Files.writeString(tmp.getRoot().toPath().resolve("tailored.txt"), "Be lawful, model b.");
    return f;
  }

  private static final String VALID = String.join("\n",
      "name: t",
      "dataset: {paths: [set.jsonl]}",
      "models:",
      "  - {name: a, provider: openai, model_id: gpt-4o, api_key_env: OPENAI_API_KEY}",
      "  - {name: b, provider: anthropic, model_id: claude, api_key_env: ANTHROPIC_API_KEY}",
      "conditions:",
      "  - name: baseline",
      "  - {name: ihl-safety, system_prompt_file: safety.txt, per_model: {b: tailored.txt}}",
      "repeats: 2",
      "output: out");

  @Test
  public void providersFillInProtocolAndBaseUrlAndTailoredPromptsApplyPerModel() throws Exception {
    ExperimentConfig c = ExperimentConfig.load(write(VALID), Map.of());
    assertEquals("https://api.openai.com/v1", c.models().get(0).baseUrl());
    assertEquals("anthropic", c.models().get(1).protocol());
    assertEquals(java.util.List.of(1, 2), c.seeds());
    assertEquals("Be lawful.", c.conditions().get(1).systemPromptFor("a"));
    assertEquals("Be lawful, model b.", c.conditions().get(1).systemPromptFor("b"));
    assertTrue(c.output().endsWith("/out"));
    assertNull(c.store());
  }

  @Test
  public void theConfigHashFollowsContentNotOutputOrPromptFileNames() throws Exception {
    String h1 = ExperimentConfig.load(write(VALID), Map.of()).configHash();
    assertEquals(h1, ExperimentConfig.load(write(VALID.replace("output: out", "output: elsewhere")),
        Map.of()).configHash());
    assertNotEquals(h1, ExperimentConfig.load(write(VALID.replace("repeats: 2", "repeats: 3")),
        Map.of()).configHash());
    Path f = write(VALID);
    Files.writeString(tmp.getRoot().toPath().resolve("safety.txt"), "Be lawful, always.");
    assertNotEquals(h1, ExperimentConfig.load(f, Map.of()).configHash());
  }

  private void assertError(String yaml, String expected) throws Exception {
    Path f = write(yaml);
    try {
      ExperimentConfig.load(f, Map.of());
      fail("expected an error containing: " + expected);
    } catch (ConfigException e) {
      assertTrue(e.getMessage(), e.getMessage().startsWith(f.toString() + ": "));
      assertTrue(e.getMessage(), e.getMessage().contains(expected));
    }
  }

  @Test
  public void errorsNameTheFileAndTheField() throws Exception {
    assertError(VALID.replace("name: t\n", ""), "name: is required");
    assertError(VALID.replace("repeats: 2", "repeat: 2"), "repeat: unknown field");
    assertError(VALID.replace("model_id: gpt-4o, ", ""), "models[0].model_id: is required");
    assertError(VALID.replace("api_key_env: OPENAI_API_KEY", "api_key_env: sk-live-123"),
        "models[0].api_key_env: must be the NAME of an environment variable");
    assertError(VALID.replace("provider: openai", "provider: acme"),
        "models[0].protocol: is required for provider 'acme'");
    assertError(VALID.replace("tailored.txt", "missing.txt"),
        "conditions[1].per_model.b: cannot read system prompt file");
    assertError(VALID.replace("{b: tailored.txt}", "{c: tailored.txt}"),
        "conditions[1].per_model.c: no model named 'c'");
    assertError(VALID.replace("repeats: 2", "repeats: 0"), "repeats: must be a whole number >= 1");
    assertError(VALID + "\nvariants: [plain, sideways]", "variants[1]: unknown variant 'sideways'");
    assertError(VALID.replace("name: b,", "name: a,"), "models[1].name: model 'a' is listed twice");
    assertError(VALID.replace("{name: b, provider: anthropic, model_id: claude, api_key_env: ANTHROPIC_API_KEY}",
            "{name: b, provider: openai, model_id: o3, api_key_env: OPENAI_API_KEY, rate_limit: {requests_per_minute: 10}}"),
        "share rate-limit bucket 'openai:OPENAI_API_KEY'");
    assertError(VALID + "\njudges: {panel: [{name: j, type: oracle}]}", "judges.panel[0].type: unknown judge type");
    assertError(VALID.replace("provider: openai,", "provider: openai, base_url: \"${NOPE}/v1\","),
        "models[0].base_url: environment variable NOPE is not set");
    assertError("- just a list", "the config must be a YAML mapping");
    assertError(VALID.replace("dataset: {paths: [set.jsonl]}",
        "dataset: {paths: [set.jsonl], coverage: most}"),
        "dataset.coverage: unknown coverage 'most'; expected full, partial or none");
    // Two hosts of one model under one provider label would share answers in the store.
    assertError(VALID.replace("{name: b, provider: anthropic, model_id: claude, api_key_env: ANTHROPIC_API_KEY}",
            "{name: b, provider: openai, model_id: gpt-4o, api_key_env: OPENAI_API_KEY,"
            + " base_url: \"http://127.0.0.1:9/v1\"}").replace("per_model: {b: tailored.txt}", "per_model: {}"),
        "models[1].provider: model 'b' makes the same calls as 'a'");
    // A budget needs every answer capped (b, on Anthropic, always sends max_tokens).
    assertError(VALID + "\ncalls: {budget_usd: 10}", "models[0].params: set max_tokens"
        + " (max_completion_tokens for reasoning models, maxOutputTokens for Gemini): with"
        + " calls.budget_usd set, an answer's cost needs an upper bound");
    ExperimentConfig.load(write(VALID.replace("model_id: gpt-4o,",
        "model_id: gpt-4o, params: {max_tokens: 300},") + "\ncalls: {budget_usd: 10}"), Map.of());
    Path nowhere = tmp.getRoot().toPath().resolve("nope.yaml");
    try {
      ExperimentConfig.load(nowhere, Map.of());
      fail("a missing config must fail");
    } catch (ConfigException e) {
      assertEquals("experiment config " + nowhere + ": no such file", e.getMessage());
    }
  }

  @Test
  public void datasetCoverageIsForValidateAndLeavesTheHashAlone() throws Exception {
    ExperimentConfig full = ExperimentConfig.load(write(VALID), Map.of());
    ExperimentConfig partial = ExperimentConfig.load(write(VALID.replace(
        "dataset: {paths: [set.jsonl]}", "dataset: {paths: [set.jsonl], coverage: partial}")),
        Map.of());
    assertEquals("full", full.datasetCoverage());
    assertEquals("partial", partial.datasetCoverage());
    assertEquals(full.configHash(), partial.configHash());
  }

  @Test
  public void rateLimitPatienceIsADurationOrSeconds() throws Exception {
    assertEquals("half an hour unless said", 1800,
        ExperimentConfig.load(write(VALID), Map.of()).rateLimitPatienceSeconds());
    for (Map.Entry<String, Long> e : Map.of("90s", 90L, "2h", 7200L, "1h30m", 5400L, "45", 45L)
        .entrySet()) {
      ExperimentConfig c = ExperimentConfig.load(write(VALID + "\ncalls: {rate_limit_patience: "
          + e.getKey() + "}"), Map.of());
      assertEquals(e.getKey(), (long) e.getValue(), c.rateLimitPatienceSeconds());
    }
    for (String bad : new String[] {"soon", "0", "500ms", "[1]"}) {
      assertError(VALID + "\ncalls: {rate_limit_patience: " + bad + "}",
          "calls.rate_limit_patience: must be a duration of at least a second, such as 30m, 2h"
              + " or 90s (or a number of seconds)");
    }
  }
}
