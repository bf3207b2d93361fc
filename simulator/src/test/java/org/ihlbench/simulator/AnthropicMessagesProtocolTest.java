package org.ihlbench.simulator;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.After;
import org.junit.Test;

/** The simulator speaking Anthropic Messages: what a client sees on the wire. */
public class AnthropicMessagesProtocolTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String PROFILE = String.join("\n",
      "models:",
      "  claude-sim:",
      "    model_version: claude-sim-20250219",
      "    behaviour:",
      "      - if: {user_contains: blocked}",
      "        p: {provider_refusal: 1.0}",
      "      - p: {explanatory_refusal: 1.0}",
      "");

  private final HttpClient http = HttpClient.newBuilder().proxy(HttpClient.Builder.NO_PROXY)
      .version(HttpClient.Version.HTTP_1_1).build();
  private Simulator sim;

  @After
  public void stop() {
    if (sim != null) {
      sim.close();
    }
  }

  private Simulator start(SimulatorProfile p) throws Exception {
    sim = Simulator.start(p, 0);
    return sim;
  }

  private HttpResponse<String> post(String body, String key, String version) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(sim.rootUrl() + "/v1/messages"))
        .timeout(Duration.ofSeconds(10)).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body));
    if (key != null) {
      b.header("x-api-key", key);
    }
    if (version != null) {
      b.header("anthropic-version", version);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> post(String body) throws Exception {
    return post(body, "k", "2023-06-01");
  }

  private static String body(String system, String user, String extra) {
    return "{\"model\":\"claude-sim\",\"max_tokens\":300" + (system == null ? ""
        : ",\"system\":" + JSON.valueToTree(system)) + ",\"messages\":[{\"role\":\"user\",\"content\":"
        + JSON.valueToTree(user) + "}]" + extra + "}";
  }

  private static JsonNode json(HttpResponse<String> r) throws Exception {
    return JSON.readTree(r.body());
  }

  @Test
  public void anAnswerHasTheMessagesShapeAndTheSystemPromptCounts() throws Exception {
    start(SimulatorProfile.parse(PROFILE, "p", null));
    HttpResponse<String> r = post(body("Follow IHL.", "What is rule 1?", ",\"temperature\":0.5"));
    assertEquals(r.body(), 200, r.statusCode());
    JsonNode b = json(r);
    assertEquals("message", b.path("type").asText());
    assertEquals("assistant", b.path("role").asText());
    assertEquals("claude-sim-20250219", b.path("model").asText());
    assertEquals("text", b.at("/content/0/type").asText());
    assertEquals("end_turn", b.path("stop_reason").asText());
    SimRequest expected = new SimRequest("claude-sim", "Follow IHL.",
        List.of(new SimRequest.Message("user", "What is rule 1?")), 0, 300, "k");
    SimAnswer a = sim.answer(expected, sim.profile().models().get("claude-sim"));
    assertEquals(a.text(), b.at("/content/0/text").asText());
    assertEquals(a.promptTokens(), b.at("/usage/input_tokens").asInt());
    assertEquals(a.completionTokens(), b.at("/usage/output_tokens").asInt());
    assertEquals(1, sim.stats().answeredInProtocol("anthropic"));
  }

  @Test
  public void aProviderRefusalIsStopReasonRefusalWithNoContent() throws Exception {
    start(SimulatorProfile.parse(PROFILE, "p", null));
    JsonNode b = json(post(body(null, "this is blocked", "")));
    assertEquals("refusal", b.path("stop_reason").asText());
    assertEquals(0, b.path("content").size());
    assertEquals(0, b.at("/usage/output_tokens").asInt());
  }

  @Test
  public void whatTheRealApiRejectsIsRejected() throws Exception {
    start(SimulatorProfile.parse(PROFILE, "p", null));
    HttpResponse<String> noVersion = post(body(null, "hi", ""), "k", null);
    assertEquals(400, noVersion.statusCode());
    assertEquals("invalid_request_error", json(noVersion).at("/error/type").asText());

    HttpResponse<String> seed = post(body(null, "hi", ",\"seed\":3"));
    assertEquals(400, seed.statusCode());
    assertEquals("error", json(seed).path("type").asText());
    assertEquals("seed: Extra inputs are not permitted", json(seed).at("/error/message").asText());

    assertEquals(400, post("{\"model\":\"claude-sim\",\"messages\":[{\"role\":\"user\","
        + "\"content\":\"hi\"}]}").statusCode());
    assertEquals(400, post(body(null, "hi", ",\"temperature\":1.5")).statusCode());
    HttpResponse<String> systemRole = post("{\"model\":\"claude-sim\",\"max_tokens\":10,"
        + "\"messages\":[{\"role\":\"system\",\"content\":\"s\"},{\"role\":\"user\",\"content\":\"hi\"}]}");
    assertEquals(400, systemRole.statusCode());
    assertTrue(json(systemRole).at("/error/message").asText().contains("top-level `system`"));
  }

  @Test
  public void aMissingKeyIs401InAnthropicsErrorShape() throws Exception {
    start(SimulatorProfile.parse(PROFILE, "p", null));
    HttpResponse<String> r = post(body(null, "hi", ""), null, "2023-06-01");
    assertEquals(401, r.statusCode());
    assertEquals("authentication_error", json(r).at("/error/type").asText());
  }

  @Test
  public void rateLimitHeadersComeWithEveryAnswerAndA429SaysWhenToRetry() throws Exception {
    start(SimulatorProfile.parse(PROFILE, "p", null).withRateLimit(60, 2));
    HttpResponse<String> first = post(body(null, "one", ""));
    assertEquals(200, first.statusCode());
    // The limit per minute, as Anthropic documents it; one request used and not back yet.
    assertEquals("60", first.headers().firstValue("anthropic-ratelimit-requests-limit").orElseThrow());
    assertEquals("59", first.headers().firstValue("anthropic-ratelimit-requests-remaining").orElseThrow());
    Instant reset = Instant.parse(
        first.headers().firstValue("anthropic-ratelimit-requests-reset").orElseThrow());
    assertTrue(reset.isAfter(Instant.now().minusSeconds(1)));
    assertEquals(200, post(body(null, "two", "")).statusCode());
    HttpResponse<String> limited = post(body(null, "three", ""));
    assertEquals(429, limited.statusCode());
    assertEquals("rate_limit_error", json(limited).at("/error/type").asText());
    assertEquals("1", limited.headers().firstValue("retry-after").orElseThrow());
    assertEquals("0", limited.headers().firstValue("anthropic-ratelimit-requests-remaining").orElseThrow());
  }

  @Test
  public void injectedServerErrorsIncludeOverloaded529() throws Exception {
    start(SimulatorProfile.parse(PROFILE + "faults: {server_error: 1.0}\n", "p", null));
    int overloaded = 0;
    for (int i = 0; i < 40; i++) {
      HttpResponse<String> r = post(body(null, "hi " + i, ""));
      assertTrue(String.valueOf(r.statusCode()), r.statusCode() == 500 || r.statusCode() == 529);
      if (r.statusCode() == 529) {
        overloaded++;
        assertEquals("overloaded_error", json(r).at("/error/type").asText());
      }
    }
    assertTrue("some 529s among 40: " + overloaded, overloaded > 5 && overloaded < 35);
  }
}
