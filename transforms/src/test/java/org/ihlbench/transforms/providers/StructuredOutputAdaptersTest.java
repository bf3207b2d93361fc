package org.ihlbench.transforms.providers;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.ihlbench.records.ChatMessage;
import org.ihlbench.records.ModelCall;
import org.ihlbench.records.ResponseOutcome;
import org.ihlbench.records.StructuredOutput;
import org.junit.Test;

/**
 * Each adapter sends a call's structured output in its protocol's form, and only when the call
 * has one: OpenAI's strict {@code response_format}, Gemini's {@code responseMimeType} and
 * {@code responseSchema} (translated to its OpenAPI subset), an Anthropic forced tool call whose
 * answer is read from the tool_use block. The call key changes with it, and only with it.
 */
public class StructuredOutputAdaptersTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  /** A small schema with what the verdict's has: an enum, a nullable field, all required. */
  static final String SCHEMA = "{\"type\":\"object\",\"properties\":{"
      + "\"level\":{\"type\":\"string\",\"enum\":[\"full\",\"none\"]},"
      + "\"why\":{\"type\":[\"string\",\"null\"],\"description\":\"a reason\"}},"
      + "\"required\":[\"level\",\"why\"],\"additionalProperties\":false}";
  static final StructuredOutput OUTPUT = StructuredOutput.newBuilder()
      .setName("a_verdict").setDescription("The verdict.").setJsonSchema(SCHEMA).build();

  private static ModelCall call(StructuredOutput structured) {
    ModelCall c = OpenAiChatAdapterTest.call("rubric", "judge this", 0);
    c.setStructuredOutput(structured);
    return c;
  }

  private static JsonNode body(java.net.http.HttpRequest r) throws Exception {
    return JSON.readTree(OpenAiChatAdapterTest.bodyOf(r));
  }

  @Test
  public void openAiSendsAStrictJsonSchemaResponseFormat() throws Exception {
    Endpoint e = OpenAiChatAdapterTest.endpoint("http://127.0.0.1:1/v1", "{\"temperature\":0}");
    JsonNode b = body(new OpenAiChatAdapter().request(e, call(OUTPUT), "k"));
    JsonNode rf = b.path("response_format");
    assertEquals("json_schema", rf.path("type").asText());
    assertEquals("a_verdict", rf.path("json_schema").path("name").asText());
    assertEquals("The verdict.", rf.path("json_schema").path("description").asText());
    assertTrue(rf.path("json_schema").path("strict").asBoolean());
    assertEquals(JSON.readTree(SCHEMA), rf.path("json_schema").path("schema"));
    // The schema's own order is kept: a model writes the fields in it.
    assertEquals(List.of("level", "why"),
        (iterable(rf.path("json_schema").path("schema").path("properties"))));
    JsonNode plain = body(new OpenAiChatAdapter().request(e, call(null), "k"));
    assertFalse("no format without one", plain.has("response_format"));
  }

  @Test
  public void geminiSendsJsonMimeTypeAndTheSchemaInItsOpenApiSubset() throws Exception {
    JsonNode b = body(new GeminiAdapter().request(
        GeminiAdapterTest.endpoint("gemini-2.5-flash", "{\"maxOutputTokens\":300}"),
        call(OUTPUT), "k"));
    JsonNode g = b.path("generationConfig");
    assertEquals("application/json", g.path("responseMimeType").asText());
    assertEquals(300, g.path("maxOutputTokens").asInt());
    assertEquals(JSON.readTree("{\"type\":\"OBJECT\",\"properties\":{"
        + "\"level\":{\"type\":\"STRING\",\"enum\":[\"full\",\"none\"]},"
        + "\"why\":{\"type\":\"STRING\",\"nullable\":true,\"description\":\"a reason\"}},"
        + "\"required\":[\"level\",\"why\"],\"propertyOrdering\":[\"level\",\"why\"]}"),
        g.path("responseSchema"));
    JsonNode plain = body(new GeminiAdapter().request(
        GeminiAdapterTest.endpoint("gemini-2.5-flash", "{}"), call(null), "k"));
    assertFalse(plain.path("generationConfig").has("responseSchema"));
    assertFalse(plain.path("generationConfig").has("responseMimeType"));
  }

  @Test
  public void anthropicForcesACallOfOneToolWhoseInputIsTheSchema() throws Exception {
    JsonNode b = body(new AnthropicMessagesAdapter().request(
        AnthropicMessagesAdapterTest.endpoint("{\"max_tokens\":300}", null), call(OUTPUT), "k"));
    assertEquals(1, b.path("tools").size());
    JsonNode tool = b.path("tools").get(0);
    assertEquals("a_verdict", tool.path("name").asText());
    assertEquals("The verdict.", tool.path("description").asText());
    assertEquals(JSON.readTree(SCHEMA), tool.path("input_schema"));
    assertEquals(JSON.readTree("{\"type\":\"tool\",\"name\":\"a_verdict\"}"),
        b.path("tool_choice"));
    JsonNode plain = body(new AnthropicMessagesAdapter().request(
        AnthropicMessagesAdapterTest.endpoint("{}", null), call(null), "k"));
    assertFalse(plain.has("tools"));
    assertFalse(plain.has("tool_choice"));
  }

  @Test
  public void anthropicReadsTheToolInputAsTheAnswer() {
    String body = "{\"id\":\"msg_1\",\"type\":\"message\",\"role\":\"assistant\","
        + "\"model\":\"claude-sonnet-4-20250514\",\"content\":[{\"type\":\"tool_use\","
        + "\"id\":\"toolu_01A\",\"name\":\"a_verdict\",\"input\":{\"level\":\"full\","
        + "\"why\":null}}],\"stop_reason\":\"tool_use\",\"stop_sequence\":null,"
        + "\"usage\":{\"input_tokens\":412,\"output_tokens\":38}}";
    AdapterResult r = new AnthropicMessagesAdapter().interpret(
        AnthropicMessagesAdapterTest.endpoint("{}", null), 200,
        HttpHeaders.of(Map.of(), (x, y) -> true), body.getBytes(StandardCharsets.UTF_8));
    AdapterResult.Reply reply = (AdapterResult.Reply) r;
    assertEquals(ResponseOutcome.answered, reply.outcome());
    assertEquals("{\"level\":\"full\",\"why\":null}", reply.text());
    assertEquals("tool_use", reply.finishReason());
    assertEquals(Integer.valueOf(412), reply.promptTokens());
    // A text block beside the tool call is not the answer.
    String withText = body.replace("\"content\":[", "\"content\":[{\"type\":\"text\","
        + "\"text\":\"Here is my verdict.\"},");
    AdapterResult.Reply both = (AdapterResult.Reply) new AnthropicMessagesAdapter().interpret(
        AnthropicMessagesAdapterTest.endpoint("{}", null), 200,
        HttpHeaders.of(Map.of(), (x, y) -> true), withText.getBytes(StandardCharsets.UTF_8));
    assertEquals("{\"level\":\"full\",\"why\":null}", both.text());
  }

  @Test
  public void theCallKeyChangesWithAStructuredOutputAndOnlyWithIt() {
    Endpoint e = OpenAiChatAdapterTest.endpoint("http://127.0.0.1:1/v1", "{\"temperature\":0}");
    List<ChatMessage> m = List.of(new ChatMessage("user", "judge this"));
    String plain = CallKeys.of(e, "rubric", m, 0);
    assertEquals(plain, CallKeys.of(e, "rubric", m, 0, null));
    String structured = CallKeys.of(e, "rubric", m, 0, OUTPUT);
    assertNotEquals(plain, structured);
    StructuredOutput other = StructuredOutput.newBuilder(OUTPUT)
        .setJsonSchema(SCHEMA.replace("\"none\"", "\"partial\"")).build();
    assertNotEquals(structured, CallKeys.of(e, "rubric", m, 0, other));
  }

  @Test
  public void theProtocolsNameTheProvidersKnownToAcceptIt() {
    assertTrue(Protocols.named("openai").offersStructuredOutput("openai"));
    assertFalse(Protocols.named("openai").offersStructuredOutput("together"));
    assertFalse(Protocols.named("openai").offersStructuredOutput("simulator"));
    assertTrue(Protocols.named("anthropic").offersStructuredOutput("anthropic"));
    assertTrue(Protocols.named("gemini").offersStructuredOutput("google"));
  }

  private static List<String> iterable(JsonNode object) {
    List<String> names = new java.util.ArrayList<>();
    object.fieldNames().forEachRemaining(names::add);
    return names;
  }
}
