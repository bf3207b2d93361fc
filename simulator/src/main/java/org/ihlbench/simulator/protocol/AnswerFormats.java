package org.ihlbench.simulator.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.ihlbench.simulator.AnswerFormat;
import org.ihlbench.simulator.SimRequest;

/**
 * How each wire protocol asks for a structured answer, read and checked as the real APIs check
 * it: a malformed request is a 400 with a message in the API's style. What each API accepts is
 * taken from its public documentation and from error messages users have reported; the messages
 * are the simulator's own, shaped like the real ones (the field path first).
 *
 * <ul>
 *   <li>OpenAI: {@code response_format} of type {@code text}, {@code json_object} (the messages
 *       must mention JSON) or {@code json_schema} with a {@code name} (letters, digits, _ and -,
 *       at most 64) and a {@code schema}; with {@code strict: true} every object in the schema
 *       must set {@code additionalProperties: false} and require all its properties, and the
 *       root must be an object.
 *   <li>Gemini: {@code generationConfig.responseMimeType} and {@code responseSchema}, a subset of
 *       OpenAPI 3.0: known fields only, {@code type} one of its type names (a type array, as JSON
 *       Schema writes a nullable field, is refused: Gemini says {@code nullable: true}), an
 *       object with properties, required names among them; a schema needs
 *       {@code application/json}.
 *   <li>Anthropic: {@code tools} with a {@code name} and an {@code input_schema} of type
 *       {@code object} (no anyOf, oneOf or allOf at its top), and {@code tool_choice} of type
 *       auto, any, tool (naming one of the tools) or none.
 * </ul>
 */
final class AnswerFormats {
  private static final Pattern OPENAI_NAME = Pattern.compile("^[a-zA-Z0-9_-]+$");
  private static final Pattern ANTHROPIC_NAME = Pattern.compile("^[a-zA-Z0-9_-]{1,64}$");
  private static final Set<String> JSON_TYPES =
      Set.of("string", "number", "integer", "boolean", "object", "array", "null");
  private static final Set<String> GEMINI_TYPES =
      Set.of("STRING", "NUMBER", "INTEGER", "BOOLEAN", "ARRAY", "OBJECT");
  private static final Set<String> GEMINI_FIELDS = Set.of("type", "format", "title",
      "description", "nullable", "enum", "maxItems", "minItems", "properties", "required",
      "propertyOrdering", "items", "anyOf", "minimum", "maximum", "minLength", "maxLength",
      "pattern", "example", "default", "minProperties", "maxProperties");
  private static final Set<String> GEMINI_MIME_TYPES =
      Set.of("text/plain", "application/json", "text/x.enum");
  private static final Set<String> TOOL_FIELDS =
      Set.of("type", "name", "description", "input_schema", "cache_control");
  private static final String GEMINI_TYPE_PROTO =
      "(type.googleapis.com/google.ai.generativelanguage.v1beta.Type)";

  private AnswerFormats() {}

  // ---- OpenAI ------------------------------------------------------------------------------

  /** The format an OpenAI request's {@code response_format} asks for (text when absent). */
  static AnswerFormat openAi(JsonNode body, List<SimRequest.Message> messages)
      throws WireProtocol.BadRequest {
    JsonNode rf = body.path("response_format");
    if (rf.isMissingNode() || rf.isNull()) {
      return AnswerFormat.TEXT;
    }
    if (!rf.isObject()) {
      throw new WireProtocol.BadRequest("Invalid type for 'response_format': expected an object,"
          + " but got " + rf.getNodeType().name().toLowerCase(Locale.ROOT) + " instead.");
    }
    if (!rf.path("type").isTextual()) {
      throw new WireProtocol.BadRequest("Missing required parameter: 'response_format.type'.");
    }
    switch (rf.get("type").asText()) {
      case "text":
        return AnswerFormat.TEXT;
      case "json_object":
        for (SimRequest.Message m : messages) {
          if (m.content().toLowerCase(Locale.ROOT).contains("json")) {
            return AnswerFormat.json();
          }
        }
        throw new WireProtocol.BadRequest("'messages' must contain the word 'json' in some form,"
            + " to use 'response_format' of type 'json_object'.");
      case "json_schema":
        return openAiSchema(rf.path("json_schema"));
      default:
        throw new WireProtocol.BadRequest("Invalid value: '" + rf.get("type").asText()
            + "'. Supported values are: 'json_object', 'json_schema', and 'text'.");
    }
  }

  private static AnswerFormat openAiSchema(JsonNode js) throws WireProtocol.BadRequest {
    if (!js.isObject()) {
      throw new WireProtocol.BadRequest(
          "Missing required parameter: 'response_format.json_schema'.");
    }
    if (!js.path("name").isTextual()) {
      throw new WireProtocol.BadRequest(
          "Missing required parameter: 'response_format.json_schema.name'.");
    }
    String name = js.get("name").asText();
    if (!OPENAI_NAME.matcher(name).matches()) {
      throw new WireProtocol.BadRequest("Invalid 'response_format.json_schema.name': string does"
          + " not match pattern. Expected a string that matches the pattern '^[a-zA-Z0-9_-]+$'.");
    }
    if (name.length() > 64) {
      throw new WireProtocol.BadRequest("Invalid 'response_format.json_schema.name': string too"
          + " long. Expected a string with maximum length 64, but got a string with length "
          + name.length() + " instead.");
    }
    JsonNode schema = js.path("schema");
    if (!schema.isObject()) {
      throw new WireProtocol.BadRequest("Invalid type for 'response_format.json_schema.schema':"
          + " expected an object.");
    }
    if (js.path("strict").asBoolean(false)) {
      if (!"object".equals(schema.path("type").asText())) {
        throw invalidSchema(name, List.of(), "schema must be a JSON Schema of 'type: \"object\"',"
            + " got 'type: \"" + schema.path("type").asText() + "\"'.");
      }
      strict(name, schema, new ArrayList<>());
    }
    return AnswerFormat.schema(name);
  }

  /** OpenAI's strict-mode rules, on every subschema. */
  private static void strict(String name, JsonNode node, List<String> context)
      throws WireProtocol.BadRequest {
    JsonNode type = node.path("type");
    List<String> types = new ArrayList<>();
    if (type.isTextual()) {
      types.add(type.asText());
    } else if (type.isArray()) {
      type.forEach(t -> types.add(t.asText()));
    }
    for (String t : types) {
      if (!JSON_TYPES.contains(t)) {
        throw invalidSchema(name, context, "type '" + t + "' is not supported.");
      }
    }
    if (types.contains("object") || node.has("properties")) {
      JsonNode extra = node.path("additionalProperties");
      if (!extra.isBoolean() || extra.asBoolean()) {
        throw invalidSchema(name, context,
            "'additionalProperties' is required to be supplied and to be false.");
      }
      JsonNode properties = node.path("properties");
      JsonNode required = node.path("required");
      List<String> req = new ArrayList<>();
      required.forEach(r -> req.add(r.asText()));
      for (Iterator<String> it = properties.fieldNames(); it.hasNext(); ) {
        String key = it.next();
        if (!required.isArray() || !req.contains(key)) {
          throw invalidSchema(name, context, "'required' is required to be supplied and to be an"
              + " array including every key in properties. Missing '" + key + "'.");
        }
      }
      for (String r : req) {
        if (!properties.has(r)) {
          throw invalidSchema(name, context, "Extra required key '" + r + "' supplied.");
        }
      }
      for (Iterator<Map.Entry<String, JsonNode>> it = properties.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        strict(name, e.getValue(), with(context, "properties", e.getKey()));
      }
    }
    if (node.has("items")) {
      strict(name, node.get("items"), with(context, "items"));
    }
  }

  private static List<String> with(List<String> context, String... more) {
    List<String> out = new ArrayList<>(context);
    out.addAll(List.of(more));
    return out;
  }

  private static WireProtocol.BadRequest invalidSchema(String name, List<String> context,
      String problem) {
    // The context as the API prints it: a Python tuple of the path, e.g. ('properties', 'x').
    StringBuilder c = new StringBuilder("(");
    for (int i = 0; i < context.size(); i++) {
      c.append(i == 0 ? "" : ", ").append('\'').append(context.get(i)).append('\'');
    }
    c.append(context.size() == 1 ? ",)" : ")");
    return new WireProtocol.BadRequest("Invalid schema for response_format '" + name
        + "': In context=" + c + ", " + problem);
  }

  // ---- Gemini ------------------------------------------------------------------------------

  /** The format a Gemini request's generation config asks for. */
  static AnswerFormat gemini(JsonNode generation) throws WireProtocol.BadRequest {
    if (generation.isMissingNode()) {
      return AnswerFormat.TEXT;
    }
    JsonNode mime = generation.has("responseMimeType") ? generation.get("responseMimeType")
        : generation.path("response_mime_type");
    String mimeType = mime.isTextual() ? mime.asText() : "text/plain";
    if (!GEMINI_MIME_TYPES.contains(mimeType)) {
      throw new WireProtocol.BadRequest("* GenerateContentRequest.generation_config"
          + ".response_mime_type: allowed mimetypes are `text/plain`, `application/json` and"
          + " `text/x.enum`.");
    }
    JsonNode schema = generation.has("responseSchema") ? generation.get("responseSchema")
        : generation.path("response_schema");
    if (schema.isMissingNode() || schema.isNull()) {
      return mimeType.equals("application/json") ? AnswerFormat.json() : AnswerFormat.TEXT;
    }
    if (mimeType.equals("text/plain")) {
      throw new WireProtocol.BadRequest("* GenerateContentRequest.generation_config"
          + ".response_schema: a response schema needs response_mime_type application/json"
          + " (or text/x.enum).");
    }
    geminiSchema(schema, "generation_config.response_schema");
    return AnswerFormat.schema("responseSchema");
  }

  private static void geminiSchema(JsonNode node, String path) throws WireProtocol.BadRequest {
    if (!node.isObject()) {
      throw new WireProtocol.BadRequest("Invalid JSON payload received. Expected an object at '"
          + path + "'.");
    }
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      String f = it.next();
      if (!GEMINI_FIELDS.contains(f)) {
        throw new WireProtocol.BadRequest("Invalid JSON payload received. Unknown name \"" + f
            + "\" at '" + path + "': Cannot find field.");
      }
    }
    JsonNode type = node.path("type");
    if (type.isArray()) {
      throw new WireProtocol.BadRequest("Invalid JSON payload received. Proto field is not"
          + " repeating, cannot start list. at '" + path + ".type'");
    }
    if (!type.isMissingNode()
        && !(type.isTextual() && GEMINI_TYPES.contains(type.asText().toUpperCase(Locale.ROOT)))) {
      throw new WireProtocol.BadRequest("Invalid value at '" + path + ".type' "
          + GEMINI_TYPE_PROTO + ", " + type);
    }
    if (node.has("nullable") && !node.get("nullable").isBoolean()) {
      throw new WireProtocol.BadRequest("Invalid value at '" + path + ".nullable' (TYPE_BOOL), "
          + node.get("nullable"));
    }
    JsonNode properties = node.path("properties");
    if ("OBJECT".equalsIgnoreCase(type.asText()) && (!properties.isObject()
        || properties.isEmpty())) {
      throw new WireProtocol.BadRequest("* GenerateContentRequest." + path
          + ".properties: should be non-empty for OBJECT type");
    }
    for (String listed : List.of("required", "propertyOrdering")) {
      JsonNode names = node.path(listed);
      for (int i = 0; i < names.size(); i++) {
        if (!properties.has(names.get(i).asText())) {
          throw new WireProtocol.BadRequest("* GenerateContentRequest." + path + "." + listed
              + "[" + i + "]: property is not defined");
        }
      }
    }
    int i = 0;
    for (Iterator<Map.Entry<String, JsonNode>> it = properties.fields(); it.hasNext(); i++) {
      geminiSchema(it.next().getValue(), path + ".properties[" + i + "].value");
    }
    if (node.has("items")) {
      geminiSchema(node.get("items"), path + ".items");
    }
  }

  // ---- Anthropic ---------------------------------------------------------------------------

  /** The format an Anthropic request's {@code tools} and {@code tool_choice} ask for. */
  static AnswerFormat anthropic(JsonNode body) throws WireProtocol.BadRequest {
    JsonNode tools = body.path("tools");
    JsonNode choice = body.path("tool_choice");
    List<String> names = new ArrayList<>();
    if (!tools.isMissingNode()) {
      if (!tools.isArray()) {
        throw new WireProtocol.BadRequest("tools: Input should be a valid list");
      }
      for (int i = 0; i < tools.size(); i++) {
        names.add(tool(tools.get(i), "tools." + i + ".custom"));
      }
    }
    if (choice.isMissingNode()) {
      return AnswerFormat.TEXT;
    }
    if (names.isEmpty()) {
      throw new WireProtocol.BadRequest(
          "tool_choice: tool_choice may only be specified while providing tools.");
    }
    String kind = choice.path("type").asText("");
    switch (kind) {
      case "auto", "none":
        return AnswerFormat.TEXT;
      case "any":
        return AnswerFormat.tool(names.get(0));
      case "tool":
        if (!choice.path("name").isTextual()) {
          throw new WireProtocol.BadRequest("tool_choice.tool.name: Field required");
        }
        String name = choice.get("name").asText();
        if (!names.contains(name)) {
          throw new WireProtocol.BadRequest("tool_choice.tool.name: the tool '" + name
              + "' is not among the tools given " + names);
        }
        return AnswerFormat.tool(name);
      default:
        throw new WireProtocol.BadRequest(
            "tool_choice.type: Input should be 'auto', 'any', 'tool' or 'none'");
    }
  }

  /** Checks one tool; its name. */
  private static String tool(JsonNode tool, String path) throws WireProtocol.BadRequest {
    if (!tool.isObject()) {
      throw new WireProtocol.BadRequest(path + ": Input should be a valid dictionary");
    }
    for (Iterator<String> it = tool.fieldNames(); it.hasNext(); ) {
      String f = it.next();
      if (!TOOL_FIELDS.contains(f)) {
        throw new WireProtocol.BadRequest(path + "." + f + ": Extra inputs are not permitted");
      }
    }
    if (!tool.path("name").isTextual()) {
      throw new WireProtocol.BadRequest(path + ".name: Field required");
    }
    String name = tool.get("name").asText();
    if (!ANTHROPIC_NAME.matcher(name).matches()) {
      throw new WireProtocol.BadRequest(path + ".name: String should match pattern"
          + " '^[a-zA-Z0-9_-]{1,64}$'");
    }
    JsonNode schema = tool.path("input_schema");
    if (!schema.isObject()) {
      throw new WireProtocol.BadRequest(path + ".input_schema: Field required");
    }
    if (!schema.has("type")) {
      throw new WireProtocol.BadRequest(path + ".input_schema.type: Field required");
    }
    if (!"object".equals(schema.get("type").asText())) {
      throw new WireProtocol.BadRequest(path + ".input_schema.type: Input should be 'object'");
    }
    for (String combinator : List.of("anyOf", "oneOf", "allOf")) {
      if (schema.has(combinator)) {
        throw new WireProtocol.BadRequest(path + ".input_schema: input_schema does not support"
            + " oneOf, allOf, or anyOf at the top level");
      }
    }
    return name;
  }
}
