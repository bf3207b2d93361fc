package org.ihlbench.transforms.providers;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import org.ihlbench.records.ChatMessage;
import org.ihlbench.records.ModelCall;
import org.ihlbench.records.ResponseOutcome;
import org.junit.Test;

public class OpenAiChatAdapterTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final OpenAiChatAdapter adapter = new OpenAiChatAdapter();

  static Endpoint endpoint(String baseUrl, String paramsJson) {
    return new Endpoint("model-a", "openai", "openai", baseUrl, "gpt-test-1", "TEST_KEY_ENV",
        paramsJson, "bucket-a", 600, 100_000, 1.0, 2.0, 45, 5, 8, null);
  }

  static ModelCall call(String system, String user, int seed) {
    return ModelCall.newBuilder()
        .setCallKey("key-1")
        .setEndpoint("model-a")
        .setSystem(system)
        .setMessages(List.of(ChatMessage.newBuilder().setRole("user").setContent(user).build()))
        .setSeed(seed)
        .setEstimatedTokens(100)
        .build();
  }

  /** Reads the bytes a request would send, by subscribing to its body publisher. */
  static byte[] bodyOf(HttpRequest request) throws Exception {
    HttpRequest.BodyPublisher publisher = request.bodyPublisher().orElseThrow();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    CompletableFuture<byte[]> done = new CompletableFuture<>();
    publisher.subscribe(new Flow.Subscriber<ByteBuffer>() {
      @Override
      public void onSubscribe(Flow.Subscription s) {
        s.request(Long.MAX_VALUE);
      }

      @Override
      public void onNext(ByteBuffer b) {
        byte[] chunk = new byte[b.remaining()];
        b.get(chunk);
        out.writeBytes(chunk);
      }

      @Override
      public void onError(Throwable t) {
        done.completeExceptionally(t);
      }

      @Override
      public void onComplete() {
        done.complete(out.toByteArray());
      }
    });
    byte[] bytes = done.get(5, TimeUnit.SECONDS);
    assertEquals(publisher.contentLength(), bytes.length);
    return bytes;
  }

  private static JsonNode jsonBody(HttpRequest r) throws Exception {
    return JSON.readTree(bodyOf(r));
  }

  private static HttpHeaders headers(String... namesAndValues) {
    Map<String, List<String>> m = new LinkedHashMap<>();
    for (int i = 0; i < namesAndValues.length; i += 2) {
      m.put(namesAndValues[i], List.of(namesAndValues[i + 1]));
    }
    return HttpHeaders.of(m, (a, b) -> true);
  }

  private AdapterResult interpret(int status, String body, String... headers) {
    return adapter.interpret(endpoint("http://127.0.0.1:1/v1", "{}"), status, headers(headers),
        body.getBytes(StandardCharsets.UTF_8));
  }

  // ---- request ----

  @Test
  public void requestGoesToChatCompletionsWithABearerKey() {
    HttpRequest r = adapter.request(endpoint("http://127.0.0.1:8080/v1", "{}"), call(null, "hi", 1), "sk-test");
    assertEquals(URI.create("http://127.0.0.1:8080/v1/chat/completions"), r.uri());
    assertEquals("POST", r.method());
    assertEquals("Bearer sk-test", r.headers().firstValue("Authorization").orElse(null));
    assertEquals("application/json", r.headers().firstValue("Content-Type").orElse(null));
    assertEquals(Duration.ofSeconds(45), r.timeout().orElse(null));
  }

  @Test
  public void trailingSlashOfTheBaseUrlIsNotDoubled() {
    HttpRequest r = adapter.request(endpoint("http://127.0.0.1:8080/v1/", "{}"), call(null, "hi", 1), "k");
    assertEquals(URI.create("http://127.0.0.1:8080/v1/chat/completions"), r.uri());
  }

  @Test
  public void bodyHasSystemFirstThenUserThenSeedAndParams() throws Exception {
    HttpRequest r = adapter.request(
        endpoint("http://127.0.0.1:8080/v1", "{\"max_tokens\":512,\"temperature\":0.7,\"top_p\":0.9}"),
        call("Be careful.", "What is rule 1?", 42), "k");
    JsonNode b = jsonBody(r);
    assertEquals("gpt-test-1", b.path("model").asText());
    JsonNode msgs = b.path("messages");
    assertEquals(2, msgs.size());
    assertEquals("system", msgs.get(0).path("role").asText());
    assertEquals("Be careful.", msgs.get(0).path("content").asText());
    assertEquals("user", msgs.get(1).path("role").asText());
    assertEquals("What is rule 1?", msgs.get(1).path("content").asText());
    assertEquals(42, b.path("seed").asInt());
    assertEquals(512, b.path("max_tokens").asInt());
    assertEquals(0.7, b.path("temperature").asDouble(), 0);
    assertEquals(0.9, b.path("top_p").asDouble(), 0);
  }

  @Test
  public void noSystemPromptMeansNoSystemMessage() throws Exception {
    JsonNode b = jsonBody(adapter.request(endpoint("http://127.0.0.1:8080/v1", ""), call(null, "hi", 3), "k"));
    assertEquals(1, b.path("messages").size());
    assertEquals("user", b.path("messages").get(0).path("role").asText());
    assertEquals(3, b.path("seed").asInt());
  }

  @Test
  public void reasoningEffortDropsTemperatureAndTopP() throws Exception {
    JsonNode b = jsonBody(adapter.request(endpoint("http://127.0.0.1:8080/v1",
            "{\"reasoning_effort\":\"low\",\"temperature\":0.7,\"top_p\":0.9,\"max_completion_tokens\":100}"),
        call(null, "hi", 1), "k"));
    assertEquals("low", b.path("reasoning_effort").asText());
    assertEquals(100, b.path("max_completion_tokens").asInt());
    assertFalse(b.has("temperature"));
    assertFalse(b.has("top_p"));
  }

  @Test
  public void mistralTakesItsSeedAsRandomSeed() throws Exception {
    Endpoint mistral = new Endpoint("mistral-large", "mistral", "openai", "http://127.0.0.1:8080/v1",
        "mistral-large-2411", "K", "{\"max_tokens\":100}", "b", 0, 0, 0, 0, 30, 3, 4, null);
    JsonNode b = jsonBody(adapter.request(mistral, call(null, "hi", 9), "k"));
    assertEquals(9, b.path("random_seed").asInt());
    assertFalse("Mistral rejects an unknown 'seed'", b.has("seed"));
    assertEquals(100, b.path("max_tokens").asInt());
  }

  // ---- interpret ----

  @Test
  public void normalAnswerIsAReply() {
    AdapterResult r = interpret(200, "{\"model\":\"gpt-test-1-2025-01-01\",\"choices\":[{\"index\":0,"
        + "\"message\":{\"role\":\"assistant\",\"content\":\"An answer.\",\"refusal\":null},"
        + "\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":12,\"completion_tokens\":3}}");
    assertEquals(new AdapterResult.Reply(ResponseOutcome.answered, "An answer.", "stop", null, 12, 3,
        "gpt-test-1-2025-01-01"), r);
  }

  @Test
  public void missingUsageGivesNullTokens() {
    AdapterResult r = interpret(200,
        "{\"choices\":[{\"message\":{\"content\":\"x\"},\"finish_reason\":\"length\"}]}");
    assertEquals(new AdapterResult.Reply(ResponseOutcome.answered, "x", "length", null, null, null, null), r);
  }

  @Test
  public void contentFilterIsAProviderRefusal() {
    AdapterResult r = interpret(200, "{\"model\":\"v\",\"choices\":[{\"message\":{\"role\":\"assistant\","
        + "\"content\":null,\"refusal\":null},\"finish_reason\":\"content_filter\"}],"
        + "\"usage\":{\"prompt_tokens\":5,\"completion_tokens\":0}}");
    assertEquals(new AdapterResult.Reply(ResponseOutcome.provider_refusal, null, "content_filter",
        "content_filter", 5, 0, "v"), r);
  }

  @Test
  public void refusalFieldIsAProviderRefusalWithItsText() {
    AdapterResult r = interpret(200, "{\"model\":\"v\",\"choices\":[{\"message\":{\"role\":\"assistant\","
        + "\"content\":null,\"refusal\":\"I can't help with that.\"},\"finish_reason\":\"stop\"}]}");
    assertEquals(new AdapterResult.Reply(ResponseOutcome.provider_refusal, "I can't help with that.",
        "stop", "refusal", null, null, "v"), r);
  }

  @Test
  public void noChoicesIsMalformed() {
    AdapterResult r = interpret(200, "{\"choices\":[]}");
    assertTrue(r instanceof AdapterResult.Failure);
    AdapterResult.Failure f = (AdapterResult.Failure) r;
    assertEquals(FailureKind.MALFORMED, f.kind());
    assertEquals(Integer.valueOf(200), f.httpStatus());
    assertNull(f.retryAfter());
  }

  @Test
  public void nonJsonBodyOn200IsMalformed() {
    AdapterResult r = interpret(200, "{\"id\":\"chatcmpl-sim\",\"choices\":[{\"mess");
    assertEquals(new AdapterResult.Failure(FailureKind.MALFORMED, 200, "response body is not JSON", null), r);
  }

  @Test
  public void aBudgetSpentBeforeAnyTextIsAnEmptyAnswerNotAFaultToRetry() {
    AdapterResult r = interpret(200, "{\"model\":\"o3-mini-2025-01-31\",\"choices\":[{\"message\":"
        + "{\"role\":\"assistant\",\"content\":null},\"finish_reason\":\"length\"}],"
        + "\"usage\":{\"prompt_tokens\":40,\"completion_tokens\":400}}");
    assertEquals(new AdapterResult.Reply(ResponseOutcome.answered, "", "length", null, 40, 400,
        "o3-mini-2025-01-31"), r);
  }

  @Test
  public void messageWithNeitherContentNorRefusalIsMalformed() {
    AdapterResult r = interpret(200, "{\"choices\":[{\"message\":{\"role\":\"assistant\"},\"finish_reason\":\"stop\"}]}");
    assertEquals(FailureKind.MALFORMED, ((AdapterResult.Failure) r).kind());
  }

  @Test
  public void tooManyRequestsIsRateLimitedWithRetryAfter() {
    AdapterResult r = interpret(429,
        "{\"error\":{\"message\":\"Rate limit reached.\",\"type\":\"rate_limit_exceeded\"}}",
        "Retry-After", "7");
    assertEquals(new AdapterResult.Failure(FailureKind.RATE_LIMITED, 429, "HTTP 429: Rate limit reached.",
        Duration.ofSeconds(7)), r);
  }

  @Test
  public void unauthorizedIsAuth() {
    AdapterResult r = interpret(401, "{\"error\":{\"message\":\"invalid API key\"}}");
    assertEquals(new AdapterResult.Failure(FailureKind.AUTH, 401, "HTTP 401: invalid API key", null), r);
  }

  @Test
  public void badRequestCarriesTheProvidersMessage() {
    AdapterResult r = interpret(400, "{\"error\":{\"message\":\"'temperature' is not supported with this"
        + " model.\",\"type\":\"invalid_request_error\"}}");
    AdapterResult.Failure f = (AdapterResult.Failure) r;
    assertEquals(FailureKind.BAD_REQUEST, f.kind());
    assertEquals(Integer.valueOf(400), f.httpStatus());
    assertTrue(f.message(), f.message().contains("'temperature' is not supported with this model."));
  }

  @Test
  public void serverErrorWithAnHtmlBodyShowsItsStart() {
    String html = "<html>" + "x".repeat(500) + "</html>";
    AdapterResult.Failure f = (AdapterResult.Failure) interpret(503, html);
    assertEquals(FailureKind.SERVER, f.kind());
    assertEquals("HTTP 503: " + html.substring(0, 300) + "...", f.message());
  }

  @Test
  public void forProtocolKnowsEveryWireProtocol() {
    assertTrue(ChatAdapter.forProtocol("openai") instanceof OpenAiChatAdapter);
    assertTrue(ChatAdapter.forProtocol("anthropic") instanceof AnthropicMessagesAdapter);
    assertTrue(ChatAdapter.forProtocol("gemini") instanceof GeminiAdapter);
    try {
      ChatAdapter.forProtocol("carrier-pigeon");
      org.junit.Assert.fail("expected an unknown protocol to be rejected");
    } catch (IllegalArgumentException e) {
      assertTrue(e.getMessage(), e.getMessage().contains("carrier-pigeon"));
    }
  }
}
