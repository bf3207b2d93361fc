package org.ihlbench.simulator;

/**
 * The form a request asks its answer in: free text (the default), any JSON object, or JSON
 * constrained to a schema, which a wire protocol asks for in its own way (OpenAI
 * {@code response_format}, Gemini {@code responseSchema}, an Anthropic forced tool call).
 *
 * @param name the schema's or the tool's name; null for text and plain JSON
 */
public record AnswerFormat(Kind kind, String name) {

  public enum Kind {
    /** Free text. */
    TEXT,
    /** A JSON object, no schema (OpenAI json_object, Gemini application/json alone). */
    JSON,
    /** JSON that follows a schema, answered as text (OpenAI json_schema, Gemini responseSchema). */
    SCHEMA,
    /** JSON that follows a schema, answered as the input of a call of the named tool. */
    TOOL
  }

  public static final AnswerFormat TEXT = new AnswerFormat(Kind.TEXT, null);

  public static AnswerFormat json() {
    return new AnswerFormat(Kind.JSON, null);
  }

  public static AnswerFormat schema(String name) {
    return new AnswerFormat(Kind.SCHEMA, name);
  }

  public static AnswerFormat tool(String name) {
    return new AnswerFormat(Kind.TOOL, name);
  }

  /** Whether the answer must follow a schema, so that a well-behaved model cannot break it. */
  public boolean constrained() {
    return kind == Kind.SCHEMA || kind == Kind.TOOL;
  }
}
