package org.ihlbench.transforms.providers;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import org.junit.Test;

/** The completion cap that estimates, budgets and the token limit count an answer at. */
public class CompletionBudgetTest {
  private static Endpoint endpoint(String protocol, String params) {
    return new Endpoint("m", "p", protocol, "http://127.0.0.1:1", "m", "K", params, "b", 0, 0, 1,
        2, 10, 3, 4, null);
  }

  @Test
  public void theCapIsReadInEveryProtocolsName() {
    assertEquals(4096, Generate.completionBudget(endpoint("openai", "{\"max_completion_tokens\":4096}")));
    assertEquals(300, Generate.completionBudget(endpoint("openai", "{\"max_tokens\":300}")));
    assertEquals(800, Generate.completionBudget(endpoint("gemini", "{\"maxOutputTokens\":800}")));
    assertEquals(8192, Generate.completionBudget(endpoint("gemini", "{\"max_output_tokens\":8192}")));
    assertTrue(Generate.capsCompletion(endpoint("gemini", "{\"max_output_tokens\":8192}")));
  }

  @Test
  public void withoutACapAnthropicCountsWhatItsAdapterSendsAndOthersAreUncapped() {
    assertEquals(AnthropicMessagesAdapter.DEFAULT_MAX_TOKENS,
        Generate.completionBudget(endpoint("anthropic", "{}")));
    assertTrue(Generate.capsCompletion(endpoint("anthropic", "{}")));
    assertEquals(Generate.UNCAPPED_GUESS, Generate.completionBudget(endpoint("openai", "{}")));
    assertFalse(Generate.capsCompletion(endpoint("openai", "{\"temperature\":0.7}")));
  }
}
