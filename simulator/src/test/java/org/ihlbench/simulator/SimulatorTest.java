package org.ihlbench.simulator;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import org.junit.After;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class SimulatorTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Rule public TemporaryFolder tmp = new TemporaryFolder();

  /** Loopback only, and never through a proxy. */
  private final HttpClient http = HttpClient.newBuilder()
      .proxy(HttpClient.Builder.NO_PROXY)
      .version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5))
      .build();

  private Simulator sim;

  @After
  public void stop() {
    if (sim != null) {
      sim.close();
    }
  }

  private static final String MIXED = String.join("\n",
      "models:",
      "  sim-x:",
      "    model_version: sim-x-2026-02-02",
      "    behaviour:",
      "      - p: {terse_refusal: 0.4, explanatory_refusal: 0.3, partial: 0.1, compliance: 0.2}",
      "");

  private Simulator start(String yaml) throws IOException {
    return start(SimulatorProfile.parse(yaml, "test.yaml", null));
  }

  private Simulator start(SimulatorProfile profile) throws IOException {
    sim = Simulator.start(profile, 0);
    return sim;
  }

  private static String chatBody(String model, String system, String user, long seed) {
    var root = JSON.createObjectNode();
    root.put("model", model);
    var msgs = root.putArray("messages");
    if (system != null) {
      msgs.addObject().put("role", "system").put("content", system);
    }
    msgs.addObject().put("role", "user").put("content", user);
    root.put("seed", seed);
    return root.toString();
  }

  private HttpResponse<String> post(String body, String apiKey) throws IOException, InterruptedException {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(sim.openAiBaseUrl() + "/chat/completions"))
        .timeout(Duration.ofSeconds(10))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body));
    if (apiKey != null) {
      b.header("Authorization", "Bearer " + apiKey);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> chat(String model, String user, long seed)
      throws IOException, InterruptedException {
    return post(chatBody(model, null, user, seed), "k");
  }

  private static JsonNode json(HttpResponse<String> r) throws IOException {
    return JSON.readTree(r.body());
  }

  /** The server counts an answer just after writing it, so the client can be a moment ahead. */
  private static void eventually(String what, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        fail("timed out waiting for " + what);
      }
      Thread.sleep(10);
    }
  }

  private static SimRequest request(String model, String system, String user, long seed) {
    return new SimRequest(model, system, List.of(new SimRequest.Message("user", user)), seed, null, "k");
  }

  // ---- the OpenAI wire shape ----

  @Test
  public void chatCompletionHasOpenAiShape() throws Exception {
    start(MIXED);
    String user = "Hello there"; // 11 characters: (11 + 3) / 4 = 3 prompt tokens
    HttpResponse<String> r = chat("sim-x", user, 7);

    assertEquals(200, r.statusCode());
    assertEquals("application/json", r.headers().firstValue("Content-Type").orElse(""));
    JsonNode root = json(r);
    assertEquals("chat.completion", root.path("object").asText());
    assertEquals("sim-x-2026-02-02", root.path("model").asText());
    JsonNode choice = root.path("choices").path(0);
    assertEquals("assistant", choice.path("message").path("role").asText());
    assertEquals("stop", choice.path("finish_reason").asText());
    String content = choice.path("message").path("content").asText();
    assertTrue(choice.path("message").path("content").isTextual());

    SimAnswer expected = sim.answer(request("sim-x", null, user, 7), sim.profile().models().get("sim-x"));
    assertEquals(expected.text(), content);
    assertEquals(3, root.path("usage").path("prompt_tokens").asInt());
    assertEquals(Math.max(1, (content.length() + 3) / 4), root.path("usage").path("completion_tokens").asInt());
    assertEquals(root.path("usage").path("prompt_tokens").asInt()
            + root.path("usage").path("completion_tokens").asInt(),
        root.path("usage").path("total_tokens").asInt());
  }

  @Test
  public void maxTokensCapsCompletionTokens() throws Exception {
    start(MIXED);
    var body = (com.fasterxml.jackson.databind.node.ObjectNode) JSON.readTree(chatBody("sim-x", null, "hi", 1));
    body.put("max_tokens", 1);
    HttpResponse<String> r = post(body.toString(), "k");
    assertEquals(200, r.statusCode());
    assertEquals(1, json(r).path("usage").path("completion_tokens").asInt());
  }

  @Test
  public void providerRefusalRendersContentFilterWithNullContent() throws Exception {
    start("models:\n  sim-f:\n    behaviour:\n      - p: {provider_refusal: 1.0}\n");
    HttpResponse<String> r = chat("sim-f", "anything", 3);
    assertEquals(200, r.statusCode());
    JsonNode choice = json(r).path("choices").path(0);
    assertEquals("content_filter", choice.path("finish_reason").asText());
    assertTrue(choice.path("message").has("content"));
    assertTrue(choice.path("message").path("content").isNull());
  }

  // ---- determinism ----

  @Test
  public void sameModelMessagesAndSeedGiveTheSameText() throws Exception {
    start(MIXED);
    String first = json(chat("sim-x", "The same question", 11)).path("choices").path(0)
        .path("message").path("content").asText();
    for (int i = 0; i < 5; i++) {
      String again = json(chat("sim-x", "The same question", 11)).path("choices").path(0)
          .path("message").path("content").asText();
      assertEquals(first, again);
    }
    // A second simulator with the same profile answers the same too: nothing depends on state.
    try (Simulator other = Simulator.start(sim.profile(), 0)) {
      SimAnswer direct = other.answer(
          request("sim-x", null, "The same question", 11), other.profile().models().get("sim-x"));
      assertEquals(first, direct.text());
    }
  }

  @Test
  public void differentSeedsGiveDifferentClasses() throws Exception {
    start(MIXED);
    ModelProfile model = sim.profile().models().get("sim-x");
    Set<AnswerClass> seen = EnumSet.noneOf(AnswerClass.class);
    Set<String> texts = new HashSet<>();
    for (long seed = 0; seed < 60; seed++) {
      SimAnswer a = sim.answer(request("sim-x", null, "The same question", seed), model);
      seen.add(a.answerClass());
      texts.add(a.text());
    }
    assertEquals(EnumSet.of(AnswerClass.TERSE_REFUSAL, AnswerClass.EXPLANATORY_REFUSAL,
        AnswerClass.PARTIAL, AnswerClass.COMPLIANCE), seen);
    assertTrue("texts vary with the seed: " + texts.size(), texts.size() >= 6);

    // And over HTTP: 20 seeds do not all get the same text.
    Set<String> overHttp = new HashSet<>();
    for (long seed = 0; seed < 20; seed++) {
      overHttp.add(json(chat("sim-x", "The same question", seed)).path("choices").path(0)
          .path("message").path("content").asText());
    }
    assertTrue(overHttp.size() > 1);
  }

  @Test
  public void answerTextMatchesItsClass() throws Exception {
    start(MIXED);
    ModelProfile model = sim.profile().models().get("sim-x");
    for (long seed = 0; seed < 200; seed++) {
      SimAnswer a = sim.answer(request("sim-x", null, "q", seed), model);
      Set<String> templates = new HashSet<>();
      for (int i = 0; i < 10; i++) {
        templates.add(SimulatedAnswers.text(a.answerClass(), i));
      }
      assertTrue(a.text(), templates.contains(a.text()));
      assertEquals("sim-x-2026-02-02", a.modelVersion());
    }
  }

  // ---- class frequencies and rules ----

  @Test
  public void classFrequenciesFollowTheProfile() throws Exception {
    start(MIXED);
    ModelProfile model = sim.profile().models().get("sim-x");
    Map<AnswerClass, Double> p = model.behaviour().get(0).probabilities();
    int n = 4000;
    Map<AnswerClass, Integer> counts = new EnumMap<>(AnswerClass.class);
    for (int seed = 0; seed < n; seed++) {
      AnswerClass c = sim.answer(request("sim-x", null, "A fixed prompt", seed), model).answerClass();
      counts.merge(c, 1, Integer::sum);
    }
    for (AnswerClass c : AnswerClass.values()) {
      double expected = p.getOrDefault(c, 0.0);
      double observed = counts.getOrDefault(c, 0) / (double) n;
      double se = Math.sqrt(expected * (1 - expected) / n);
      assertEquals(c + " frequency", expected, observed, 4 * se);
    }
    assertEquals(0, (int) counts.getOrDefault(AnswerClass.PROVIDER_REFUSAL, 0));
  }

  @Test
  public void rulesMatchAsConfigured() throws Exception {
    Path dir = tmp.newFolder("sets").toPath();
    Files.writeString(dir.resolve("set.jsonl"), String.join("\n",
        "{\"id\": \"b\", \"kind\": \"benign\", \"text\": \"Placeholder benign question.\"}",
        "{\"id\": \"v\", \"kind\": \"violation\", \"text\": \"Placeholder violation prompt.\"}",
        ""), StandardCharsets.UTF_8);
    String yaml = String.join("\n",
        "prompt_sets: [set.jsonl]",
        "models:",
        "  m:",
        "    behaviour:",
        "      - if: {prompt_kind: benign}",
        "        p: {compliance: 1.0}",
        "      - if: {system_contains: \"Humanitarian\"}",
        "        p: {explanatory_refusal: 1.0}",
        "      - if: {user_contains: [\"magic\", \"sesame\"]}",
        "        p: {partial: 1.0}",
        "      - if: {system: none, user_regex: \"^regex-\\\\d+$\"}",
        "        p: {provider_refusal: 1.0}",
        "      - p: {terse_refusal: 1.0}",
        "");
    start(SimulatorProfile.parse(yaml, "test.yaml", dir));
    ModelProfile m = sim.profile().models().get("m");

    for (long seed = 0; seed < 20; seed++) {
      assertEquals(AnswerClass.COMPLIANCE,
          sim.answer(request("m", "Humanitarian", "Placeholder benign question.", seed), m).answerClass());
      assertEquals("a variant that wraps a known prompt keeps its kind", AnswerClass.COMPLIANCE,
          sim.answer(request("m", null, "Roleplay: Placeholder benign question. Go.", seed), m)
              .answerClass());
      assertEquals(AnswerClass.EXPLANATORY_REFUSAL,
          sim.answer(request("m", "Respect International Humanitarian Law", "Placeholder violation prompt.", seed), m)
              .answerClass());
      assertEquals(AnswerClass.PARTIAL,
          sim.answer(request("m", null, "open sesame please", seed), m).answerClass());
      assertEquals(AnswerClass.PARTIAL,
          sim.answer(request("m", "other system", "a magic word", seed), m).answerClass());
      assertEquals(AnswerClass.PROVIDER_REFUSAL,
          sim.answer(request("m", null, "regex-123", seed), m).answerClass());
      assertEquals("system: none fails when a system prompt is sent", AnswerClass.TERSE_REFUSAL,
          sim.answer(request("m", "a system", "regex-123", seed), m).answerClass());
      assertEquals("system_contains is case-sensitive", AnswerClass.TERSE_REFUSAL,
          sim.answer(request("m", "humanitarian", "Placeholder violation prompt.", seed), m).answerClass());
      assertEquals(AnswerClass.TERSE_REFUSAL,
          sim.answer(request("m", null, "Placeholder violation prompt.", seed), m).answerClass());
    }
  }

  @Test
  public void onlyTheLastUserMessageIsMatched() throws Exception {
    start(oneRuleProfile());
    ModelProfile m = sim.profile().models().get("m");
    SimRequest earlierMagic = new SimRequest("m", null, List.of(
        new SimRequest.Message("user", "magic"),
        new SimRequest.Message("assistant", "ok"),
        new SimRequest.Message("user", "plain")), 1, null, "k");
    assertEquals(AnswerClass.TERSE_REFUSAL, sim.answer(earlierMagic, m).answerClass());
  }

  private static SimulatorProfile oneRuleProfile() {
    return SimulatorProfile.parse("models:\n  m:\n    behaviour:\n"
        + "      - if: {user_contains: magic}\n        p: {partial: 1.0}\n"
        + "      - p: {terse_refusal: 1.0}\n", "test.yaml", null);
  }

  // ---- errors ----

  @Test
  public void missingApiKeyIs401() throws Exception {
    start(MIXED);
    HttpResponse<String> r = post(chatBody("sim-x", null, "hi", 1), null);
    assertEquals(401, r.statusCode());
    assertEquals("authentication_error", json(r).path("error").path("type").asText());
  }

  @Test
  public void rejectedApiKeyIs401AndOtherKeysStillWork() throws Exception {
    start(MIXED);
    sim.rejectApiKey("bad");
    assertEquals(401, post(chatBody("sim-x", null, "hi", 1), "bad").statusCode());
    assertEquals(200, post(chatBody("sim-x", null, "hi", 1), "good").statusCode());
  }

  @Test
  public void unknownModelIs404() throws Exception {
    start(MIXED);
    HttpResponse<String> r = chat("no-such-model", "hi", 1);
    assertEquals(404, r.statusCode());
    assertEquals("model_not_found", json(r).path("error").path("code").asText());
    assertTrue(json(r).path("error").path("message").asText().contains("no-such-model"));
  }

  @Test
  public void badJsonIs400() throws Exception {
    start(MIXED);
    HttpResponse<String> r = post("{not json", "k");
    assertEquals(400, r.statusCode());
    assertEquals("invalid_request_error", json(r).path("error").path("type").asText());
  }

  @Test
  public void missingMessagesIs400() throws Exception {
    start(MIXED);
    HttpResponse<String> r = post("{\"model\": \"sim-x\", \"messages\": []}", "k");
    assertEquals(400, r.statusCode());
  }

  @Test
  public void unknownPathIs404() throws Exception {
    start(MIXED);
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(sim.openAiBaseUrl() + "/embeddings"))
        .POST(HttpRequest.BodyPublishers.ofString("{}")).header("Authorization", "Bearer k").build(),
        HttpResponse.BodyHandlers.ofString());
    assertEquals(404, r.statusCode());
  }

  // ---- rate limit ----

  @Test
  public void rateLimitAdmitsTheBurstThenAnswers429WithRetryAfter() throws Exception {
    start(SimulatorProfile.parse(MIXED, "test.yaml", null).withRateLimit(60, 2));
    // Open the connection with another key (each key has its own bucket) so the five requests
    // below go back to back.
    assertEquals(200, post(chatBody("sim-x", null, "warm up", 0), "other").statusCode());

    List<HttpResponse<String>> rs = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      rs.add(chat("sim-x", "hi", i));
    }
    int ok = 0;
    int limited = 0;
    for (HttpResponse<String> r : rs) {
      if (r.statusCode() == 200) {
        ok++;
      } else {
        assertEquals(429, r.statusCode());
        limited++;
        // The bucket refills one request a second, so the wait is at most a second, rounded up.
        assertEquals("1", r.headers().firstValue("Retry-After").orElseThrow());
        long ms = Long.parseLong(r.headers().firstValue("retry-after-ms").orElseThrow());
        assertTrue("retry-after-ms " + ms, ms >= 1 && ms <= 1000);
        assertEquals("0", r.headers().firstValue("x-ratelimit-remaining-requests").orElseThrow());
        assertEquals("rate_limit_exceeded", json(r).path("error").path("type").asText());
      }
    }
    assertEquals(2, ok);
    assertEquals(3, limited);
    assertEquals(200, rs.get(0).statusCode());
    assertEquals(200, rs.get(1).statusCode());
    assertEquals(3, sim.stats().withStatus(429));
  }

  // ---- faults ----

  @Test
  public void serverErrorFaultsHitAboutTheirRateAndAreCounted() throws Exception {
    start(SimulatorProfile.parse(MIXED + "faults: {server_error: 0.5}\n", "test.yaml", null));
    int n = 400;
    int fiveHundreds = 0;
    int ok = 0;
    for (int i = 0; i < n; i++) {
      int status = chat("sim-x", "hi", i).statusCode();
      if (status == 500 || status == 503) {
        fiveHundreds++;
      } else {
        assertEquals(200, status);
        ok++;
      }
    }
    double share = fiveHundreds / (double) n;
    assertTrue("5xx share " + share, share >= 0.4 && share <= 0.6);
    final int answered = ok;
    eventually("answers to be counted", () -> sim.stats().answered() == answered);
    SimulatorStats s = sim.stats();
    assertEquals(n, s.requests());
    assertEquals(fiveHundreds, s.faults("server_error"));
    assertEquals(fiveHundreds, s.withStatus(500) + s.withStatus(503));
    assertEquals(ok, s.withStatus(200));
    assertEquals(ok, s.answered("sim-x"));
    assertEquals(ok, s.distinctAnswered());
    assertEquals(0, s.faults("dropped"));
  }

  @Test
  public void malformedFaultGives200WithInvalidJson() throws Exception {
    start(SimulatorProfile.parse(MIXED + "faults: {malformed: 1.0}\n", "test.yaml", null));
    HttpResponse<String> r = chat("sim-x", "hi", 1);
    assertEquals(200, r.statusCode());
    assertThrows(IOException.class, () -> JSON.readTree(r.body()));
    assertEquals(1, sim.stats().faults("malformed"));
    assertEquals("a malformed answer is not a paid answer", 0, sim.stats().answered());
  }

  @Test
  public void droppedFaultMakesTheClientSeeAnIoException() throws Exception {
    start(SimulatorProfile.parse(MIXED + "faults: {dropped: 1.0}\n", "test.yaml", null));
    assertThrows(IOException.class, () -> chat("sim-x", "hi", 1));
    assertEquals(1, sim.stats().faults("dropped"));
    assertEquals(0, sim.stats().answered());
  }

  @Test
  public void timeoutFaultHangsUpWithoutAnswering() throws Exception {
    start(SimulatorProfile.parse(MIXED + "faults: {timeout: 1.0, timeout_ms: 200}\n", "test.yaml", null));
    long t0 = System.nanoTime();
    assertThrows(IOException.class, () -> chat("sim-x", "hi", 1));
    long elapsedMs = (System.nanoTime() - t0) / 1_000_000;
    assertTrue("held for " + elapsedMs + " ms", elapsedMs >= 150);
    assertEquals(1, sim.stats().faults("timeout"));
  }

  @Test
  public void rateLimitedFaultGives429WithRetryAfter() throws Exception {
    start(SimulatorProfile.parse(MIXED + "faults: {rate_limited: 1.0}\n", "test.yaml", null));
    HttpResponse<String> r = chat("sim-x", "hi", 1);
    assertEquals(429, r.statusCode());
    assertEquals("1", r.headers().firstValue("Retry-After").orElse(null));
    assertEquals(1, sim.stats().faults("rate_limited"));
  }

  @Test
  public void noFaultsMeansEveryRequestIsAnswered() throws Exception {
    start(MIXED);
    for (int i = 0; i < 20; i++) {
      assertEquals(200, chat("sim-x", "hi", i % 10).statusCode());
    }
    eventually("answers to be counted", () -> sim.stats().answered() == 20);
    assertEquals("ten distinct (messages, seed) pairs", 10, sim.stats().distinctAnswered());
  }

  // ---- control endpoints ----

  @Test
  public void statsEndpointReturnsTheCounts() throws Exception {
    start(MIXED);
    sim.rejectApiKey("bad");
    assertEquals(200, chat("sim-x", "hi", 1).statusCode());
    assertEquals(200, chat("sim-x", "hi", 2).statusCode());
    assertEquals(401, post(chatBody("sim-x", null, "hi", 1), "bad").statusCode());
    assertEquals(404, chat("nope", "hi", 1).statusCode());
    eventually("answers to be counted", () -> sim.stats().answered() == 2);

    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(sim.rootUrl() + "/_sim/stats"))
        .GET().build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(200, r.statusCode());
    JsonNode s = json(r);
    assertEquals(4, s.path("requests").asLong());
    assertEquals(2, s.path("answered").asLong());
    assertEquals(2, s.path("distinct_answered").asLong());
    assertEquals(2, s.path("by_status").path("200").asLong());
    assertEquals(1, s.path("by_status").path("401").asLong());
    assertEquals(1, s.path("by_status").path("404").asLong());
    assertEquals(2, s.path("answered_by_model").path("sim-x").asLong());
    assertTrue(s.path("faults").isObject());
    assertEquals(0, s.path("faults").size());
  }

  @Test
  public void resetEndpointClearsTheCounts() throws Exception {
    start(MIXED);
    assertEquals(200, chat("sim-x", "hi", 1).statusCode());
    eventually("the answer to be counted", () -> sim.stats().answered() == 1);
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(sim.rootUrl() + "/_sim/reset"))
        .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(200, r.statusCode());
    assertEquals(0, sim.stats().requests());
    assertEquals(0, sim.stats().answered());
    assertEquals(0, sim.stats().distinctAnswered());
  }

  // ---- per-model parameter checks and rate-limit headers ----

  @Test
  public void aReasoningModelRejectsTemperatureAndMistralsSeedIsRandomSeed() throws Exception {
    start(MIXED.replace("    model_version: sim-x-2026-02-02",
        "    model_version: sim-x-2026-02-02\n    reject_params: [temperature, seed]"));
    HttpResponse<String> hot = post("{\"model\":\"sim-x\",\"messages\":[{\"role\":\"user\","
        + "\"content\":\"hi\"}],\"temperature\":0.7}", "k");
    assertEquals(400, hot.statusCode());
    assertTrue(json(hot).path("error").path("message").asText().contains("'temperature'"));
    HttpResponse<String> seeded = post("{\"model\":\"sim-x\",\"messages\":[{\"role\":\"user\","
        + "\"content\":\"hi\"}],\"random_seed\":7}", "k");
    assertEquals(200, seeded.statusCode());
    SimAnswer a = sim.answer(request("sim-x", null, "hi", 7), sim.profile().models().get("sim-x"));
    assertEquals("random_seed is the seed", a.text(),
        json(seeded).path("choices").get(0).path("message").path("content").asText());
  }

  @Test
  public void answersCarryRateLimitHeadersWhileALimitIsOn() throws Exception {
    start(SimulatorProfile.parse(MIXED, "test.yaml", null).withRateLimit(600, 3));
    HttpResponse<String> r = chat("sim-x", "hi", 1);
    assertEquals(200, r.statusCode());
    // The limit per minute, as OpenAI documents it (the bucket holds only 3 of it at once), less
    // the one request used and not back yet.
    assertEquals("600", r.headers().firstValue("x-ratelimit-limit-requests").orElseThrow());
    assertEquals("599", r.headers().firstValue("x-ratelimit-remaining-requests").orElseThrow());
    String reset = r.headers().firstValue("x-ratelimit-reset-requests").orElseThrow();
    long ms = Long.parseLong(reset.replace("ms", ""));
    // One request comes back in 100 ms at 600 a minute.
    assertTrue(reset, ms > 0 && ms <= 100);
  }

  // ---- latency ----

  @Test
  public void keepAliveRequestsAreNotHeldBackByNagle() throws Exception {
    start(MIXED); // latency_ms 0
    chat("sim-x", "warm up", 0);
    long[] ms = new long[31];
    for (int i = 0; i < ms.length; i++) {
      long t0 = System.nanoTime();
      assertEquals(200, chat("sim-x", "hi", i).statusCode());
      ms[i] = (System.nanoTime() - t0) / 1_000_000;
    }
    java.util.Arrays.sort(ms);
    // With Nagle's algorithm on, each answer waited for the client's delayed ACK: ~40 ms.
    assertTrue("median latency " + ms[ms.length / 2] + " ms", ms[ms.length / 2] < 20);
  }
}
