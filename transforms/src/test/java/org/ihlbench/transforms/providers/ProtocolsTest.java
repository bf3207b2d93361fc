package org.ihlbench.transforms.providers;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.Test;

public class ProtocolsTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  public void eachAdapterDeclaresItsProtocolOnce() {
    assertEquals(List.of("openai", "anthropic", "gemini"), Protocols.names());
    assertTrue(Protocols.named("openai").adapter().get() instanceof OpenAiChatAdapter);
    assertTrue(Protocols.named("anthropic").adapter().get() instanceof AnthropicMessagesAdapter);
    assertTrue(Protocols.named("gemini").adapter().get() instanceof GeminiAdapter);
    try {
      Protocols.named("carrier-pigeon");
      fail("an unknown protocol must fail");
    } catch (IllegalArgumentException e) {
      assertEquals("unknown protocol 'carrier-pigeon'; known protocols: openai, anthropic, gemini",
          e.getMessage());
    }
  }

  @Test
  public void knownProvidersComeWithTheirProtocolAndHost() {
    assertEquals("gemini", Protocols.ofProvider("google").orElseThrow().name());
    assertEquals("https://generativelanguage.googleapis.com",
        Protocols.ofProvider("google").orElseThrow().providers().get("google"));
    assertEquals("openai", Protocols.ofProvider("mistral").orElseThrow().name());
    assertEquals("https://api.mistral.ai/v1",
        Protocols.ofProvider("mistral").orElseThrow().providers().get("mistral"));
    assertEquals("https://api.anthropic.com",
        Protocols.ofProvider("anthropic").orElseThrow().providers().get("anthropic"));
    assertTrue(Protocols.ofProvider("my-vllm").isEmpty());
  }

  @Test
  public void eachProtocolReadsItsOwnTokenCap() throws Exception {
    var both = (com.fasterxml.jackson.databind.node.ObjectNode) JSON.readTree(
        "{\"max_completion_tokens\":4000,\"max_tokens\":300}");
    assertEquals(Integer.valueOf(4000), Protocols.named("openai").cap(both));
    assertEquals(Integer.valueOf(300), Protocols.named("anthropic").cap(both));
    var none = JSON.createObjectNode().put("temperature", 0.5);
    assertNull(Protocols.named("openai").cap(none));
    assertNull(Protocols.named("gemini").cap(none));
    assertEquals(Integer.valueOf(AnthropicMessagesAdapter.DEFAULT_MAX_TOKENS),
        Protocols.named("anthropic").cap(none));
    assertEquals(Integer.valueOf(900),
        Protocols.named("gemini").cap(JSON.createObjectNode().put("maxOutputTokens", 900)));
  }
}
