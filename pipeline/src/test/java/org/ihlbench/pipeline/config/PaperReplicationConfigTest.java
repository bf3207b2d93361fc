package org.ihlbench.pipeline.config;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.ihlbench.pipeline.DemoFixture;
import org.ihlbench.transforms.providers.Endpoint;
import org.junit.Test;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

/** configs/paper-replication.yaml as a real run would read it, with no variables set. */
public class PaperReplicationConfigTest {
  private static final ExperimentConfig CONFIG =
      ExperimentConfig.load(DemoFixture.CONFIGS.resolve("paper-replication.yaml"), Map.of());

  @Test
  public void theEightModelsGoToTheRealProvidersWithTheirOwnKeys() {
    Map<String, String[]> expected = Map.of(
        "o3-mini", new String[] {"openai", "https://api.openai.com/v1", "OPENAI_API_KEY"},
        "gpt-4o", new String[] {"openai", "https://api.openai.com/v1", "OPENAI_API_KEY"},
        "claude-3.5-sonnet", new String[] {"anthropic", "https://api.anthropic.com", "ANTHROPIC_API_KEY"},
        "claude-3.7-sonnet", new String[] {"anthropic", "https://api.anthropic.com", "ANTHROPIC_API_KEY"},
        "gemini-2.0-flash", new String[] {"gemini", "https://generativelanguage.googleapis.com", "GEMINI_API_KEY"},
        "llama-3.3-70b", new String[] {"openai", "https://api.together.xyz/v1", "TOGETHER_API_KEY"},
        "qwen-2.5-72b", new String[] {"openai", "https://api.together.xyz/v1", "TOGETHER_API_KEY"},
        "mistral-large", new String[] {"openai", "https://api.mistral.ai/v1", "MISTRAL_API_KEY"});
    List<Endpoint> models = CONFIG.models();
    assertEquals(8, models.size());
    Set<String> buckets = new HashSet<>();
    for (Endpoint e : models) {
      String[] x = expected.get(e.name());
      assertEquals(e.name(), x[0], e.protocol());
      assertEquals(e.name(), x[1], e.baseUrl());
      assertEquals(e.name(), x[2], e.apiKeyEnv());
      assertTrue(e.name() + " has a price", e.inputPricePerMillion() > 0 && e.outputPricePerMillion() > 0);
      assertTrue(e.name() + " has a request limit", e.requestsPerMinute() > 0);
      buckets.add(e.rateLimitBucket());
    }
    assertEquals("each model is limited on its own", 8, buckets.size());
  }

  @Test
  public void theReasoningModelTakesNoTemperature() {
    Endpoint o3 = CONFIG.endpointsByModel().get("o3-mini");
    assertEquals("{\"max_completion_tokens\":4096,\"reasoning_effort\":\"medium\"}", o3.paramsJson());
    assertEquals("mistral", CONFIG.endpointsByModel().get("mistral-large").provider());
  }

  @Test
  public void itHasABudgetAndTwoConditions() {
    assertEquals(150.0, CONFIG.budgetUsd(), 0);
    assertEquals(List.of("baseline", "ihl-safety"),
        CONFIG.conditions().stream().map(c -> c.name()).toList());
    assertEquals(List.of(1, 2, 3), CONFIG.seeds());
  }
}
