package org.ihlbench.simulator;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.After;
import org.junit.Test;

/** The simulator speaking Gemini generateContent: what a client sees on the wire. */
public class GeminiProtocolTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String PROFILE = String.join("\n",
      "models:",
      "  gemini-sim:",
      "    model_version: gemini-sim-001",
      "    behaviour:",
      "      - if: {user_contains: blocked}",
      "        p: {provider_refusal: 1.0}",
      "      - p: {compliance: 1.0}",
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

  private HttpResponse<String> post(String model, String body, String key) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(
            sim.rootUrl() + "/v1beta/models/" + model + ":generateContent"))
        .timeout(Duration.ofSeconds(10)).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body));
    if (key != null) {
      b.header("x-goog-api-key", key);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static String body(String system, String user, String generationConfig) {
    return "{" + (system == null ? "" : "\"systemInstruction\":{\"parts\":[{\"text\":"
        + JSON.valueToTree(system) + "}]},") + "\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":"
        + JSON.valueToTree(user) + "}]}],\"generationConfig\":" + generationConfig + "}";
  }

  private static JsonNode json(HttpResponse<String> r) throws Exception {
    return JSON.readTree(r.body());
  }

  @Test
  public void anAnswerHasTheGenerateContentShapeAndUsesSeedAndSystem() throws Exception {
    sim = Simulator.start(SimulatorProfile.parse(PROFILE, "p", null), 0);
    HttpResponse<String> r = post("gemini-sim",
        body("Follow IHL.", "What is rule 1?", "{\"temperature\":0.7,\"maxOutputTokens\":200,\"seed\":5}"), "k");
    assertEquals(r.body(), 200, r.statusCode());
    JsonNode b = json(r);
    SimAnswer a = sim.answer(new SimRequest("gemini-sim", "Follow IHL.",
            List.of(new SimRequest.Message("user", "What is rule 1?")), 5, 200, "k"),
        sim.profile().models().get("gemini-sim"));
    assertEquals(a.text(), b.at("/candidates/0/content/parts/0/text").asText());
    assertEquals("model", b.at("/candidates/0/content/role").asText());
    assertEquals("STOP", b.at("/candidates/0/finishReason").asText());
    assertEquals(a.promptTokens(), b.at("/usageMetadata/promptTokenCount").asInt());
    assertEquals(a.completionTokens(), b.at("/usageMetadata/candidatesTokenCount").asInt());
    assertEquals("gemini-sim-001", b.path("modelVersion").asText());
    assertFalse("Gemini sends no rate-limit headers",
        r.headers().firstValue("x-ratelimit-remaining-requests").isPresent());
    assertEquals(1, sim.stats().answeredInProtocol("gemini"));
  }

  @Test
  public void providerRefusalsAreSafetyFinishesOrBlockedPrompts() throws Exception {
    sim = Simulator.start(SimulatorProfile.parse(PROFILE, "p", null), 0);
    int finishes = 0;
    int blocked = 0;
    for (int seed = 0; seed < 20; seed++) {
      JsonNode b = json(post("gemini-sim", body(null, "blocked " + seed, "{\"seed\":" + seed + "}"), "k"));
      if (b.has("candidates")) {
        assertEquals("SAFETY", b.at("/candidates/0/finishReason").asText());
        assertTrue(b.at("/candidates/0/content").isMissingNode());
        finishes++;
      } else {
        assertEquals("SAFETY", b.at("/promptFeedback/blockReason").asText());
        blocked++;
      }
    }
    assertTrue(finishes + " SAFETY finishes, " + blocked + " blocked prompts",
        finishes > 0 && blocked > 0);
  }

  @Test
  public void unknownGenerationFieldsAreRejectedLikeTheRealApi() throws Exception {
    sim = Simulator.start(SimulatorProfile.parse(PROFILE, "p", null), 0);
    HttpResponse<String> r = post("gemini-sim", body(null, "hi", "{\"max_tokens\":10}"), "k");
    assertEquals(400, r.statusCode());
    assertEquals("INVALID_ARGUMENT", json(r).at("/error/status").asText());
    assertTrue(json(r).at("/error/message").asText().contains("Unknown name \"max_tokens\""));
    assertEquals("snake_case proto names are accepted", 200,
        post("gemini-sim", body(null, "hi", "{\"max_output_tokens\":10}"), "k").statusCode());
  }

  @Test
  public void aMissingKeyIs400ApiKeyInvalid() throws Exception {
    sim = Simulator.start(SimulatorProfile.parse(PROFILE, "p", null), 0);
    HttpResponse<String> r = post("gemini-sim", body(null, "hi", "{}"), null);
    assertEquals(400, r.statusCode());
    assertEquals("API_KEY_INVALID", json(r).at("/error/details/0/reason").asText());
  }

  @Test
  public void unknownModelIs404() throws Exception {
    sim = Simulator.start(SimulatorProfile.parse(PROFILE, "p", null), 0);
    HttpResponse<String> r = post("gemini-nope", body(null, "hi", "{}"), "k");
    assertEquals(404, r.statusCode());
    assertEquals("NOT_FOUND", json(r).at("/error/status").asText());
  }

  @Test
  public void a429CarriesItsWaitInRetryInfo() throws Exception {
    sim = Simulator.start(SimulatorProfile.parse(PROFILE, "p", null).withRateLimit(60, 1), 0);
    assertEquals(200, post("gemini-sim", body(null, "a", "{}"), "k").statusCode());
    HttpResponse<String> r = post("gemini-sim", body(null, "b", "{}"), "k");
    assertEquals(429, r.statusCode());
    JsonNode b = json(r);
    assertEquals("RESOURCE_EXHAUSTED", b.at("/error/status").asText());
    assertEquals("type.googleapis.com/google.rpc.RetryInfo", b.at("/error/details/0/@type").asText());
    String delay = b.at("/error/details/0/retryDelay").asText();
    assertTrue(delay, delay.matches("\\d+\\.\\d{3}s"));
    double seconds = Double.parseDouble(delay.substring(0, delay.length() - 1));
    assertTrue(delay, seconds > 0 && seconds <= 1.0);
  }

  @Test
  public void aModelCanRejectParametersItsRealCounterpartRejects() throws Exception {
    sim = Simulator.start(SimulatorProfile.parse(PROFILE.replace("    model_version: gemini-sim-001",
        "    model_version: gemini-sim-001\n    reject_params: [topK]"), "p", null), 0);
    HttpResponse<String> r = post("gemini-sim", body(null, "hi", "{\"topK\":3}"), "k");
    assertEquals(400, r.statusCode());
    assertTrue(json(r).at("/error/message").asText().contains("'topK'"));
    assertEquals(200, post("gemini-sim", body(null, "hi", "{\"topP\":0.5}"), "k").statusCode());
  }
}
