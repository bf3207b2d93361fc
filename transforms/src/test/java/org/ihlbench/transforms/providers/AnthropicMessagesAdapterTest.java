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
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ihlbench.records.ResponseOutcome;
import org.junit.Test;

public class AnthropicMessagesAdapterTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final AnthropicMessagesAdapter adapter = new AnthropicMessagesAdapter();

  static Endpoint endpoint(String paramsJson, String apiVersion) {
    return new Endpoint("claude", "anthropic", "anthropic", "http://127.0.0.1:8080",
        "claude-3-7-sonnet-20250219", "ANTHROPIC_API_KEY", paramsJson, "anthropic:K", 50, 40_000,
        3.0, 15.0, 60, 6, 8, apiVersion);
  }

  private static JsonNode body(HttpRequest r) throws Exception {
    return JSON.readTree(OpenAiChatAdapterTest.bodyOf(r));
  }

  private static HttpHeaders headers(String... namesAndValues) {
    Map<String, List<String>> m = new LinkedHashMap<>();
    for (int i = 0; i < namesAndValues.length; i += 2) {
      m.put(namesAndValues[i], List.of(namesAndValues[i + 1]));
    }
    return HttpHeaders.of(m, (a, b) -> true);
  }

  private AdapterResult interpret(int status, String body, String... headers) {
    return adapter.interpret(endpoint("{}", null), status, headers(headers),
        body.getBytes(StandardCharsets.UTF_8));
  }

  // ---- request ----

  @Test
  public void requestGoesToMessagesWithKeyAndVersionHeaders() {
    HttpRequest r = adapter.request(endpoint("{}", null),
        OpenAiChatAdapterTest.call(null, "hi", 1), "sk-ant-test");
    assertEquals(URI.create("http://127.0.0.1:8080/v1/messages"), r.uri());
    assertEquals("POST", r.method());
    assertEquals("sk-ant-test", r.headers().firstValue("x-api-key").orElse(null));
    assertEquals("2023-06-01", r.headers().firstValue("anthropic-version").orElse(null));
    assertFalse("no bearer header", r.headers().firstValue("Authorization").isPresent());
    assertEquals(Duration.ofSeconds(60), r.timeout().orElse(null));
  }

  @Test
  public void theConfiguredApiVersionIsSent() {
    HttpRequest r = adapter.request(endpoint("{}", "2024-10-22"),
        OpenAiChatAdapterTest.call(null, "hi", 1), "k");
    assertEquals("2024-10-22", r.headers().firstValue("anthropic-version").orElse(null));
  }

  @Test
  public void systemIsTopLevelAndParamsPassThroughButNoSeed() throws Exception {
    JsonNode b = body(adapter.request(
        endpoint("{\"max_tokens\":512,\"temperature\":0.7,\"top_p\":0.9}", null),
        OpenAiChatAdapterTest.call("Be careful.", "What is rule 1?", 42), "k"));
    assertEquals("claude-3-7-sonnet-20250219", b.path("model").asText());
    assertEquals("Be careful.", b.path("system").asText());
    assertEquals(1, b.path("messages").size());
    assertEquals("user", b.path("messages").get(0).path("role").asText());
    assertEquals("What is rule 1?", b.path("messages").get(0).path("content").asText());
    assertEquals(512, b.path("max_tokens").asInt());
    assertEquals(0.7, b.path("temperature").asDouble(), 0);
    assertEquals(0.9, b.path("top_p").asDouble(), 0);
    assertFalse("the Messages API has no seed and rejects unknown fields", b.has("seed"));
  }

  @Test
  public void maxTokensIsDefaultedAndNoSystemMeansNoSystemField() throws Exception {
    JsonNode b = body(adapter.request(endpoint("{\"temperature\":1.0}", null),
        OpenAiChatAdapterTest.call(null, "hi", 3), "k"));
    assertEquals(AnthropicMessagesAdapter.DEFAULT_MAX_TOKENS, b.path("max_tokens").asInt());
    assertFalse(b.has("system"));
  }

  // ---- interpret ----

  @Test
  public void textBlocksAreTheAnswer() {
    AdapterResult r = interpret(200, "{\"id\":\"msg_1\",\"type\":\"message\",\"role\":\"assistant\","
        + "\"model\":\"claude-3-7-sonnet-20250219\",\"content\":[{\"type\":\"text\",\"text\":\"Part one. \"},"
        + "{\"type\":\"text\",\"text\":\"Part two.\"}],\"stop_reason\":\"end_turn\",\"stop_sequence\":null,"
        + "\"usage\":{\"input_tokens\":20,\"output_tokens\":6}}");
    assertEquals(new AdapterResult.Reply(ResponseOutcome.answered, "Part one. Part two.", "end_turn",
        null, 20, 6, "claude-3-7-sonnet-20250219"), r);
  }

  @Test
  public void stopReasonRefusalIsAProviderRefusal() {
    AdapterResult r = interpret(200, "{\"type\":\"message\",\"model\":\"m\",\"content\":[],"
        + "\"stop_reason\":\"refusal\",\"usage\":{\"input_tokens\":9,\"output_tokens\":0}}");
    assertEquals(new AdapterResult.Reply(ResponseOutcome.provider_refusal, null, "refusal",
        "refusal", 9, 0, "m"), r);
  }

  @Test
  public void maxTokensStopIsStillAnAnswer() {
    AdapterResult r = interpret(200, "{\"model\":\"m\",\"content\":[{\"type\":\"text\",\"text\":\"cut\"}],"
        + "\"stop_reason\":\"max_tokens\",\"usage\":{\"input_tokens\":1,\"output_tokens\":5}}");
    assertEquals(ResponseOutcome.answered, ((AdapterResult.Reply) r).outcome());
    assertEquals("max_tokens", ((AdapterResult.Reply) r).finishReason());
  }

  @Test
  public void cacheTokensCountAsPromptTokens() {
    AdapterResult r = interpret(200, "{\"model\":\"m\",\"content\":[{\"type\":\"text\",\"text\":\"x\"}],"
        + "\"stop_reason\":\"end_turn\",\"usage\":{\"input_tokens\":10,\"cache_read_input_tokens\":90,"
        + "\"output_tokens\":2}}");
    assertEquals(Integer.valueOf(100), ((AdapterResult.Reply) r).promptTokens());
  }

  @Test
  public void unreadableBodiesAreMalformed() {
    assertEquals(FailureKind.MALFORMED, ((AdapterResult.Failure) interpret(200, "{\"type\":\"mess")).kind());
    assertEquals(FailureKind.MALFORMED, ((AdapterResult.Failure) interpret(200, "{\"type\":\"message\"}")).kind());
    assertEquals(FailureKind.MALFORMED, ((AdapterResult.Failure) interpret(200,
        "{\"content\":[{\"type\":\"text\",\"text\":\"x\"}]}")).kind());
  }

  @Test
  public void overloadedIsARetryableServerFailureWithItsMessage() {
    AdapterResult.Failure f = (AdapterResult.Failure) interpret(529,
        "{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}");
    assertEquals(FailureKind.SERVER, f.kind());
    assertTrue(f.kind().retryable());
    assertEquals("HTTP 529: Overloaded", f.message());
  }

  @Test
  public void rateLimitUsesRetryAfterOrTheResetHeaders() {
    AdapterResult.Failure f = (AdapterResult.Failure) interpret(429,
        "{\"type\":\"error\",\"error\":{\"type\":\"rate_limit_error\",\"message\":\"slow down\"}}",
        "retry-after", "3");
    assertEquals(new AdapterResult.Failure(FailureKind.RATE_LIMITED, 429, "HTTP 429: slow down",
        Duration.ofSeconds(3)), f);
    String reset = Instant.now().plusSeconds(20).toString();
    AdapterResult.Failure g = (AdapterResult.Failure) interpret(429,
        "{\"type\":\"error\",\"error\":{\"type\":\"rate_limit_error\",\"message\":\"m\"}}",
        "anthropic-ratelimit-requests-remaining", "0", "anthropic-ratelimit-requests-reset", reset);
    assertTrue(g.retryAfter().toSeconds() >= 18 && g.retryAfter().toSeconds() <= 20);
  }

  @Test
  public void authAndBadRequestAreNotRetried() {
    AdapterResult.Failure auth = (AdapterResult.Failure) interpret(401,
        "{\"type\":\"error\",\"error\":{\"type\":\"authentication_error\",\"message\":\"invalid x-api-key\"}}");
    assertEquals(FailureKind.AUTH, auth.kind());
    AdapterResult.Failure bad = (AdapterResult.Failure) interpret(400,
        "{\"type\":\"error\",\"error\":{\"type\":\"invalid_request_error\",\"message\":\"seed: Extra inputs are not permitted\"}}");
    assertEquals(FailureKind.BAD_REQUEST, bad.kind());
    assertEquals("HTTP 400: seed: Extra inputs are not permitted", bad.message());
    assertNull(bad.retryAfter());
  }
}
