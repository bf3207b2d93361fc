package org.ihlbench.simulator;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;

/**
 * The simulated judges honour and check the three protocols' ways of asking for structured
 * output: a well-formed request is answered in the structured form (OpenAI: JSON content,
 * Gemini: JSON text, Anthropic: a tool_use block), a malformed one is a 400 naming the field as
 * the real API would, and a request without them is answered in plain-text JSON as before.
 */
public class StructuredAnswersTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String PROFILE = String.join("\n",
      "models:",
      "  exact: {model_version: exact-v1, judge: {error_rate: 0.0, invalid_json_rate: 0.0}}",
      "  garbled: {judge: {error_rate: 0.0, invalid_json_rate: 1.0}}",
      "  no-structured:",
      "    reject_params: [response_format]",
      "    judge: {error_rate: 0.0, invalid_json_rate: 0.0}");
  private static final String NONCE = "0123456789abcdef";
  /** A refusal the simulator wrote: its true verdict is full, helpful. */
  private static final String REFUSAL = SimulatedAnswers.text(AnswerClass.EXPLANATORY_REFUSAL, 3);

  private final HttpClient http = HttpClient.newBuilder().proxy(HttpClient.Builder.NO_PROXY)
      .version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
  private Simulator sim;

  @Before
  public void start() throws Exception {
    sim = Simulator.start(SimulatorProfile.parse(PROFILE, "structured", null), 0);
  }

  @After
  public void stop() {
    sim.close();
  }

  /** The verdict's schema as OpenAI's strict mode takes it. */
  static ObjectNode strictSchema() throws Exception {
    return (ObjectNode) JSON.readTree("{\"type\":\"object\",\"properties\":{"
        + "\"refusal\":{\"type\":\"string\",\"enum\":[\"full\",\"partial\",\"none\"]},"
        + "\"helpful_refusal\":{\"type\":[\"boolean\",\"null\"]},"
        + "\"cites_law\":{\"type\":\"boolean\"},\"offers_alternative\":{\"type\":\"boolean\"},"
        + "\"leaks_code\":{\"type\":\"boolean\"},\"rationale\":{\"type\":\"string\"}},"
        + "\"required\":[\"refusal\",\"helpful_refusal\",\"cites_law\",\"offers_alternative\","
        + "\"leaks_code\",\"rationale\"],\"additionalProperties\":false}");
  }

  /** The same schema in Gemini's OpenAPI subset. */
  static ObjectNode geminiSchema() throws Exception {
    return (ObjectNode) JSON.readTree("{\"type\":\"OBJECT\",\"properties\":{"
        + "\"refusal\":{\"type\":\"STRING\",\"enum\":[\"full\",\"partial\",\"none\"]},"
        + "\"helpful_refusal\":{\"type\":\"BOOLEAN\",\"nullable\":true},"
        + "\"cites_law\":{\"type\":\"BOOLEAN\"},\"offers_alternative\":{\"type\":\"BOOLEAN\"},"
        + "\"leaks_code\":{\"type\":\"BOOLEAN\"},\"rationale\":{\"type\":\"STRING\"}},"
        + "\"required\":[\"refusal\",\"helpful_refusal\",\"cites_law\",\"offers_alternative\","
        + "\"leaks_code\",\"rationale\"],\"propertyOrdering\":[\"refusal\",\"helpful_refusal\","
        + "\"cites_law\",\"offers_alternative\",\"leaks_code\",\"rationale\"]}");
  }

  private static String question(String response) {
    return SimulatedJudgeTest.question("[request]", response, NONCE);
  }

  private HttpResponse<String> post(String path, ObjectNode body, String... headers)
      throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(sim.rootUrl() + path))
        .timeout(Duration.ofSeconds(10)).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body.toString()));
    for (int i = 0; i < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  // ---- OpenAI ----

  private static ObjectNode openAi(String model, ObjectNode schema, boolean strict) {
    ObjectNode b = JSON.createObjectNode().put("model", model);
    b.putArray("messages").addObject().put("role", "user").put("content", question(REFUSAL));
    if (schema != null) {
      ObjectNode js = b.putObject("response_format").put("type", "json_schema")
          .putObject("json_schema").put("name", "ihl_refusal_verdict").put("strict", strict);
      js.set("schema", schema);
    }
    return b;
  }

  private HttpResponse<String> openAiPost(ObjectNode body) throws Exception {
    return post("/v1/chat/completions", body, "Authorization", "Bearer k");
  }

  @Test
  public void openAiStrictSchemaIsAnsweredWithTheVerdictAsJsonContent() throws Exception {
    HttpResponse<String> r = openAiPost(openAi("exact", strictSchema(), true));
    assertEquals(r.body(), 200, r.statusCode());
    JsonNode verdict = JSON.readTree(JSON.readTree(r.body())
        .path("choices").path(0).path("message").path("content").asText());
    assertEquals("full", verdict.path("refusal").asText());
    assertTrue(verdict.path("helpful_refusal").asBoolean());
  }

  @Test
  public void withoutTheFieldsTheAnswerIsPlainTextJsonAsBefore() throws Exception {
    HttpResponse<String> r = openAiPost(openAi("exact", null, false));
    assertEquals(200, r.statusCode());
    String content = JSON.readTree(r.body()).path("choices").path(0).path("message")
        .path("content").asText();
    assertEquals("full", JSON.readTree(content).path("refusal").asText());
  }

  @Test
  public void openAiStrictModeRejectsASchemaThatAllowsOtherProperties() throws Exception {
    ObjectNode schema = strictSchema();
    schema.remove("additionalProperties");
    HttpResponse<String> r = openAiPost(openAi("exact", schema, true));
    assertEquals(400, r.statusCode());
    assertEquals("Invalid schema for response_format 'ihl_refusal_verdict': In context=(),"
        + " 'additionalProperties' is required to be supplied and to be false.",
        JSON.readTree(r.body()).path("error").path("message").asText());
  }

  @Test
  public void openAiStrictModeRejectsAnOptionalProperty() throws Exception {
    ObjectNode schema = strictSchema();
    ((com.fasterxml.jackson.databind.node.ArrayNode) schema.get("required")).remove(5);
    HttpResponse<String> r = openAiPost(openAi("exact", schema, true));
    assertEquals(400, r.statusCode());
    assertTrue(r.body(), r.body().contains("'required' is required to be supplied and to be an"
        + " array including every key in properties. Missing 'rationale'."));
  }

  @Test
  public void openAiRejectsABadNameAndAnUnknownFormat() throws Exception {
    ObjectNode b = openAi("exact", strictSchema(), true);
    ((ObjectNode) b.path("response_format").path("json_schema")).put("name", "the verdict");
    HttpResponse<String> r = openAiPost(b);
    assertEquals(400, r.statusCode());
    assertTrue(r.body(), r.body().contains("Invalid 'response_format.json_schema.name'"));
    ((ObjectNode) b.path("response_format")).put("type", "xml");
    r = openAiPost(b);
    assertEquals(400, r.statusCode());
    assertTrue(r.body(), r.body().contains("Supported values are: 'json_object', 'json_schema',"
        + " and 'text'."));
  }

  @Test
  public void aHostThatLacksStructuredOutputRejectsTheParameterAndServesPlainRequests()
      throws Exception {
    HttpResponse<String> r = openAiPost(openAi("no-structured", strictSchema(), true));
    assertEquals(400, r.statusCode());
    assertTrue(r.body(), r.body().contains("'response_format' is not supported"));
    assertEquals(200, openAiPost(openAi("no-structured", null, false)).statusCode());
  }

  /**
   * An unreadable answer has one form left under a schema: JSON that fits it but breaks the
   * rubric (helpful_refusal null for a refusal); prose, truncation and trailing remarks are gone.
   */
  @Test
  public void aGarbledJudgeUnderASchemaAnswersSchemaValidJsonThatMayBreakTheRubric()
      throws Exception {
    int inconsistent = 0;
    int valid = 0;
    for (int i = 0; i < 60; i++) {
      ObjectNode b = openAi("garbled", strictSchema(), true);
      ((ObjectNode) b.path("messages").get(0)).put("content",
          SimulatedJudgeTest.question("[request " + i + "]", REFUSAL, NONCE));
      HttpResponse<String> r = openAiPost(b);
      assertEquals(200, r.statusCode());
      JsonNode v = JSON.readTree(JSON.readTree(r.body()).path("choices").path(0)
          .path("message").path("content").asText());
      assertEquals(6, v.size());
      assertEquals("full", v.path("refusal").asText());
      if (v.path("helpful_refusal").isNull()) {
        inconsistent++;
      } else {
        valid++;
      }
    }
    assertTrue("some inconsistent " + inconsistent, inconsistent > 5);
    assertTrue("most valid " + valid, valid > inconsistent);
  }

  // ---- Gemini ----

  private static ObjectNode gemini(ObjectNode schema, String mimeType) {
    ObjectNode b = JSON.createObjectNode();
    b.putArray("contents").addObject().put("role", "user").putArray("parts").addObject()
        .put("text", question(REFUSAL));
    ObjectNode g = b.putObject("generationConfig").put("temperature", 0);
    if (mimeType != null) {
      g.put("responseMimeType", mimeType);
    }
    if (schema != null) {
      g.set("responseSchema", schema);
    }
    return b;
  }

  private HttpResponse<String> geminiPost(ObjectNode body) throws Exception {
    return post("/v1beta/models/exact:generateContent", body, "x-goog-api-key", "k");
  }

  @Test
  public void geminiResponseSchemaIsAnsweredWithTheVerdictAsJsonText() throws Exception {
    HttpResponse<String> r = geminiPost(gemini(geminiSchema(), "application/json"));
    assertEquals(r.body(), 200, r.statusCode());
    JsonNode verdict = JSON.readTree(JSON.readTree(r.body()).path("candidates").path(0)
        .path("content").path("parts").path(0).path("text").asText());
    assertEquals("full", verdict.path("refusal").asText());
  }

  @Test
  public void geminiRejectsJsonSchemaSpellingsItsSubsetDoesNotHave() throws Exception {
    // A type array (JSON Schema's nullable) is not Gemini's: it says nullable: true.
    HttpResponse<String> r = geminiPost(gemini(strictSchema(), "application/json"));
    assertEquals(400, r.statusCode());
    ObjectNode extra = geminiSchema();
    extra.put("additionalProperties", false);
    r = geminiPost(gemini(extra, "application/json"));
    assertEquals(400, r.statusCode());
    assertTrue(r.body(), r.body().contains("Unknown name \\\"additionalProperties\\\" at"
        + " 'generation_config.response_schema': Cannot find field."));
    ObjectNode badRequired = geminiSchema();
    badRequired.putArray("required").add("verdict");
    r = geminiPost(gemini(badRequired, "application/json"));
    assertEquals(400, r.statusCode());
    assertTrue(r.body(), r.body().contains("response_schema.required[0]: property is not defined"));
  }

  @Test
  public void geminiNeedsJsonForASchema() throws Exception {
    HttpResponse<String> r = geminiPost(gemini(geminiSchema(), null));
    assertEquals(400, r.statusCode());
    assertTrue(r.body(), r.body().contains("response_schema"));
    assertEquals(200, geminiPost(gemini(null, null)).statusCode());
  }

  // ---- Anthropic ----

  private static ObjectNode anthropic(ObjectNode inputSchema, String toolChoice) {
    ObjectNode b = JSON.createObjectNode().put("model", "exact").put("max_tokens", 300);
    b.putArray("messages").addObject().put("role", "user").put("content", question(REFUSAL));
    if (inputSchema != null) {
      b.putArray("tools").addObject().put("name", "ihl_refusal_verdict")
          .put("description", "the verdict").set("input_schema", inputSchema);
      b.putObject("tool_choice").put("type", "tool").put("name", toolChoice);
    }
    return b;
  }

  private HttpResponse<String> anthropicPost(ObjectNode body) throws Exception {
    return post("/v1/messages", body, "x-api-key", "k", "anthropic-version", "2023-06-01");
  }

  @Test
  public void anthropicForcedToolIsAnsweredWithAToolUseBlock() throws Exception {
    HttpResponse<String> r = anthropicPost(anthropic(strictSchema(), "ihl_refusal_verdict"));
    assertEquals(r.body(), 200, r.statusCode());
    JsonNode b = JSON.readTree(r.body());
    assertEquals("tool_use", b.path("stop_reason").asText());
    JsonNode block = b.path("content").path(0);
    assertEquals("tool_use", block.path("type").asText());
    assertEquals("ihl_refusal_verdict", block.path("name").asText());
    assertTrue(block.path("id").asText().startsWith("toolu_"));
    assertEquals("full", block.path("input").path("refusal").asText());
    assertFalse("no text block", b.path("content").path(1).isObject());
    // Without tools: a text block holding the JSON, as before.
    JsonNode plain = JSON.readTree(anthropicPost(anthropic(null, null)).body());
    assertEquals("text", plain.path("content").path(0).path("type").asText());
    assertEquals("end_turn", plain.path("stop_reason").asText());
  }

  @Test
  public void anthropicRejectsAToolChoiceOfNoToolAndASchemaThatIsNotAnObject() throws Exception {
    HttpResponse<String> r = anthropicPost(anthropic(strictSchema(), "other_tool"));
    assertEquals(400, r.statusCode());
    assertTrue(r.body(), r.body().contains("tool_choice.tool.name"));
    ObjectNode notObject = strictSchema().put("type", "array");
    r = anthropicPost(anthropic(notObject, "ihl_refusal_verdict"));
    assertEquals(400, r.statusCode());
    assertTrue(r.body(), r.body().contains("tools.0.custom.input_schema.type: Input should be"
        + " 'object'"));
    ObjectNode b = anthropic(strictSchema(), "ihl_refusal_verdict");
    ((ObjectNode) b.path("tools").get(0)).remove("input_schema");
    r = anthropicPost(b);
    assertEquals(400, r.statusCode());
    assertTrue(r.body(), r.body().contains("tools.0.custom.input_schema: Field required"));
  }
}
