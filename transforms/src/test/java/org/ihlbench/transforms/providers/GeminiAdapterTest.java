package org.ihlbench.transforms.providers;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.ihlbench.records.ChatMessage;
import org.ihlbench.records.ModelCall;
import org.ihlbench.records.ResponseOutcome;
import org.junit.Test;

public class GeminiAdapterTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final GeminiAdapter adapter = new GeminiAdapter();

  static Endpoint endpoint(String modelId, String paramsJson) {
    return new Endpoint("gemini", "google", "gemini", "http://127.0.0.1:8080/", modelId,
        "GEMINI_API_KEY", paramsJson, "google:K", 2000, 4_000_000, 0.10, 0.40, 30, 6, 8, null);
  }

  private static JsonNode body(HttpRequest r) throws Exception {
    return JSON.readTree(OpenAiChatAdapterTest.bodyOf(r));
  }

  private AdapterResult interpret(int status, String body) {
    return adapter.interpret(endpoint("gemini-2.0-flash", "{}"), status,
        HttpHeaders.of(Map.of(), (a, b) -> true), body.getBytes(StandardCharsets.UTF_8));
  }

  // ---- request ----

  @Test
  public void requestGoesToGenerateContentWithTheGoogleKeyHeader() {
    HttpRequest r = adapter.request(endpoint("gemini-2.0-flash", "{}"),
        OpenAiChatAdapterTest.call(null, "hi", 1), "AIza-test");
    assertEquals(URI.create("http://127.0.0.1:8080/v1beta/models/gemini-2.0-flash:generateContent"),
        r.uri());
    assertEquals("AIza-test", r.headers().firstValue("x-goog-api-key").orElse(null));
    assertFalse("the key is not in the URL", r.uri().toString().contains("AIza"));
    assertFalse(r.headers().firstValue("Authorization").isPresent());
  }

  @Test
  public void aModelsPrefixIsNotDoubled() {
    HttpRequest r = adapter.request(endpoint("models/gemini-2.0-flash-001", "{}"),
        OpenAiChatAdapterTest.call(null, "hi", 1), "k");
    assertEquals("/v1beta/models/gemini-2.0-flash-001:generateContent", r.uri().getPath());
  }

  @Test
  public void systemInstructionContentsAndGenerationConfig() throws Exception {
    JsonNode b = body(adapter.request(
        endpoint("gemini-2.0-flash", "{\"max_tokens\":512,\"temperature\":0.7,\"top_p\":0.9,\"topK\":40}"),
        OpenAiChatAdapterTest.call("Be careful.", "What is rule 1?", 42), "k"));
    assertEquals("Be careful.", b.at("/systemInstruction/parts/0/text").asText());
    assertEquals(1, b.path("contents").size());
    assertEquals("user", b.at("/contents/0/role").asText());
    assertEquals("What is rule 1?", b.at("/contents/0/parts/0/text").asText());
    JsonNode g = b.path("generationConfig");
    assertEquals(512, g.path("maxOutputTokens").asInt());
    assertEquals(0.7, g.path("temperature").asDouble(), 0);
    assertEquals(0.9, g.path("topP").asDouble(), 0);
    assertEquals(40, g.path("topK").asInt());
    assertEquals(42, g.path("seed").asInt());
    assertFalse(g.has("max_tokens"));
    assertFalse(b.has("model"));
  }

  @Test
  public void assistantTurnsAreModelTurnsAndSafetySettingsAreTopLevel() throws Exception {
    ModelCall call = ModelCall.newBuilder().setCallKey("k").setEndpoint("gemini")
        .setMessages(List.of(new ChatMessage("user", "a"), new ChatMessage("assistant", "b"),
            new ChatMessage("user", "c")))
        .setSeed(1).setEstimatedTokens(10).build();
    JsonNode b = body(adapter.request(endpoint("gemini-2.0-flash",
        "{\"safety_settings\":[{\"category\":\"HARM_CATEGORY_DANGEROUS_CONTENT\",\"threshold\":\"BLOCK_NONE\"}]}"),
        call, "k"));
    assertEquals("model", b.at("/contents/1/role").asText());
    assertFalse(b.has("systemInstruction"));
    assertEquals("BLOCK_NONE", b.at("/safetySettings/0/threshold").asText());
    assertFalse(b.path("generationConfig").has("safety_settings"));
  }

  // ---- interpret ----

  @Test
  public void candidateTextIsTheAnswer() {
    AdapterResult r = interpret(200, "{\"candidates\":[{\"content\":{\"role\":\"model\",\"parts\":["
        + "{\"text\":\"thinking...\",\"thought\":true},{\"text\":\"An \"},{\"text\":\"answer.\"}]},"
        + "\"finishReason\":\"STOP\",\"index\":0}],\"usageMetadata\":{\"promptTokenCount\":11,"
        + "\"candidatesTokenCount\":4,\"thoughtsTokenCount\":3,\"totalTokenCount\":18},"
        + "\"modelVersion\":\"gemini-2.0-flash-001\"}");
    assertEquals(new AdapterResult.Reply(ResponseOutcome.answered, "An answer.", "STOP", null, 11, 7,
        "gemini-2.0-flash-001"), r);
  }

  @Test
  public void safetyFinishReasonsAreProviderRefusals() {
    for (String reason : List.of("SAFETY", "PROHIBITED_CONTENT", "BLOCKLIST", "SPII")) {
      AdapterResult r = interpret(200, "{\"candidates\":[{\"finishReason\":\"" + reason + "\","
          + "\"safetyRatings\":[{\"category\":\"HARM_CATEGORY_DANGEROUS_CONTENT\",\"probability\":\"HIGH\"}]}],"
          + "\"usageMetadata\":{\"promptTokenCount\":8},\"modelVersion\":\"v\"}");
      assertEquals(reason, new AdapterResult.Reply(ResponseOutcome.provider_refusal, null, reason,
          reason, 8, null, "v"), r);
    }
  }

  @Test
  public void aBlockedPromptIsAProviderRefusal() {
    AdapterResult r = interpret(200, "{\"promptFeedback\":{\"blockReason\":\"SAFETY\","
        + "\"safetyRatings\":[]},\"usageMetadata\":{\"promptTokenCount\":8,\"totalTokenCount\":8},"
        + "\"modelVersion\":\"v\"}");
    assertEquals(new AdapterResult.Reply(ResponseOutcome.provider_refusal, null, null,
        "prompt_blocked:SAFETY", 8, null, "v"), r);
  }

  @Test
  public void noCandidatesAndNoBlockReasonIsMalformed() {
    assertEquals(FailureKind.MALFORMED, ((AdapterResult.Failure) interpret(200, "{}")).kind());
    assertEquals(FailureKind.MALFORMED, ((AdapterResult.Failure) interpret(200, "{\"cand")).kind());
    assertEquals(FailureKind.MALFORMED, ((AdapterResult.Failure) interpret(200,
        "{\"candidates\":[{\"content\":{\"parts\":[]}}]}")).kind());
  }

  @Test
  public void aBadKeyIs400ButAnAuthFailure() {
    AdapterResult.Failure f = (AdapterResult.Failure) interpret(400, "{\"error\":{\"code\":400,"
        + "\"message\":\"API key not valid. Please pass a valid API key.\",\"status\":\"INVALID_ARGUMENT\","
        + "\"details\":[{\"@type\":\"type.googleapis.com/google.rpc.ErrorInfo\",\"reason\":\"API_KEY_INVALID\","
        + "\"domain\":\"googleapis.com\"}]}}");
    assertEquals(FailureKind.AUTH, f.kind());
    assertEquals("HTTP 400: API key not valid. Please pass a valid API key.", f.message());
  }

  @Test
  public void anOrdinaryBadRequestStaysOne() {
    AdapterResult.Failure f = (AdapterResult.Failure) interpret(400, "{\"error\":{\"code\":400,"
        + "\"message\":\"Invalid JSON payload received. Unknown name \\\"max_tokens\\\"\",\"status\":\"INVALID_ARGUMENT\"}}");
    assertEquals(FailureKind.BAD_REQUEST, f.kind());
    assertNull(f.retryAfter());
  }

  @Test
  public void resourceExhaustedWaitsTheRetryInfoDelay() {
    AdapterResult.Failure f = (AdapterResult.Failure) interpret(429, "{\"error\":{\"code\":429,"
        + "\"message\":\"Resource has been exhausted\",\"status\":\"RESOURCE_EXHAUSTED\",\"details\":["
        + "{\"@type\":\"type.googleapis.com/google.rpc.RetryInfo\",\"retryDelay\":\"2.5s\"}]}}");
    assertEquals(FailureKind.RATE_LIMITED, f.kind());
    assertEquals(Duration.ofMillis(2500), f.retryAfter());
    assertTrue(f.kind().retryable());
  }
}
