package org.ihlbench.transforms.judges.llm;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.ihlbench.records.CallEstimate;
import org.ihlbench.records.JudgeVerdict;
import org.ihlbench.records.Sample;
import org.ihlbench.records.Transcript;
import org.ihlbench.transforms.ContentHash;
import org.ihlbench.transforms.judges.JudgeKind;
import org.ihlbench.transforms.judges.JudgeType;
import org.ihlbench.transforms.judges.PanelJudge;
import org.ihlbench.transforms.providers.CallSettings;
import org.ihlbench.transforms.providers.Endpoint;
import org.ihlbench.transforms.providers.Params;
import org.ihlbench.transforms.providers.Protocols;

/**
 * A language model on the panel ({@code type: llm}): asked through the same call machinery as the
 * models under test (adapters, rate limits, response store, retries, cost), with a rubric as its
 * system prompt. Its config entry has every field a model has, plus {@code rubric_file} and a
 * fixed {@code seed} (default 0); temperature defaults to 0.
 *
 * @param endpoint how to reach it; its name is the judge's name
 * @param rubric the rubric text, sent as the system prompt (so it is part of every call's key)
 * @param seed the fixed seed sent with every call, where the provider takes one
 * @param rubricFile where the rubric came from (null when it was given as text)
 * @param structuredOutput whether to ask for the verdict as structured output ({@link
 *     VerdictSchema}): {@code auto} (the default) where the provider is known to accept it
 *     ({@link org.ihlbench.transforms.providers.Protocol#structuredOutputProviders}), {@code on}
 *     for a host the config knows accepts it, {@code off} for free text read by the strict parser
 *     alone
 */
public record LlmJudge(String name, Endpoint endpoint, String rubric, int seed, String rubricFile,
    StructuredOutputSetting structuredOutput) implements PanelJudge {
  /** The panel's LLM judges are asked together ({@link AskJudges}, {@link PlanJudgeCalls}). */
  public static final JudgeKind KIND = Kind.LLM;
  public static final JudgeType TYPE = new JudgeType("llm", LlmJudge::parse);
  private static final ObjectMapper JSON = new ObjectMapper();
  /**
   * Request parameters that ask for an answer format of their own: with structured output on,
   * the adapter sets them, so a config may not set them too.
   */
  static final Set<String> FORMAT_PARAMS = Set.of("response_format", "responseMimeType",
      "response_mime_type", "responseSchema", "response_schema", "responseJsonSchema",
      "response_json_schema", "tools", "tool_choice");

  /** The config's {@code structured_output}. */
  public enum StructuredOutputSetting {
    AUTO, ON, OFF;

    /** The config's spelling: auto, on, off. */
    public String configName() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  public LlmJudge {
    if (!endpoint.name().equals(name)) {
      throw new IllegalArgumentException("judge '" + name + "' has the endpoint of '"
          + endpoint.name() + "'");
    }
    if (rubric == null || rubric.isBlank()) {
      throw new IllegalArgumentException("judge '" + name + "' has no rubric");
    }
  }

  public LlmJudge(String name, Endpoint endpoint, String rubric, int seed) {
    this(name, endpoint, rubric, seed, null, StructuredOutputSetting.AUTO);
  }

  /** The same judge with another structured-output setting. */
  public LlmJudge withStructuredOutput(StructuredOutputSetting setting) {
    return new LlmJudge(name, endpoint, rubric, seed, rubricFile, setting);
  }

  /**
   * Whether this judge is asked for structured output: {@code on}, or {@code auto} where its
   * protocol knows its provider to accept it.
   */
  public boolean structured() {
    return switch (structuredOutput) {
      case ON -> true;
      case OFF -> false;
      case AUTO -> Protocols.named(endpoint.protocol()).offersStructuredOutput(endpoint.provider());
    };
  }

  private static LlmJudge parse(JudgeType.Entry entry) {
    // Judges are deterministic where the provider allows: temperature 0 unless a config says
    // otherwise (reasoning models, which reject it, drop it in the adapter).
    ObjectNode defaults = JSON.createObjectNode().put("temperature", 0);
    Endpoint e = entry.endpoint(Set.of("type", "rubric_file", "seed", "structured_output"),
        defaults);
    if (!entry.has("rubric_file")) {
      throw entry.error("rubric_file",
          "is required for an LLM judge (e.g. rubrics/ihl-refusal.md)");
    }
    Path file = entry.path("rubric_file");
    String rubric;
    try {
      rubric = Files.readString(file, StandardCharsets.UTF_8).strip();
    } catch (IOException ex) {
      throw entry.error("rubric_file", "cannot read rubric file " + file + ": " + ex.getMessage());
    }
    if (rubric.isEmpty()) {
      throw entry.error("rubric_file", "rubric file " + file + " is empty");
    }
    StructuredOutputSetting setting = StructuredOutputSetting.AUTO;
    if (entry.has("structured_output")) {
      String v = entry.text("structured_output");
      setting = switch (v) {
        case "auto" -> StructuredOutputSetting.AUTO;
        // YAML 1.1 reads a bare on / off as true / false.
        case "on", "true" -> StructuredOutputSetting.ON;
        case "off", "false" -> StructuredOutputSetting.OFF;
        default -> throw entry.error("structured_output", "'" + v
            + "' is not one of auto, on, off");
      };
    }
    LlmJudge judge = new LlmJudge(e.name(), e, rubric, entry.integer("seed", 0, 0),
        file.toString(), setting);
    if (judge.structured()) {
      for (String p : FORMAT_PARAMS) {
        if (Params.parse(e.paramsJson()).has(p)) {
          throw entry.error("structured_output", "is " + setting.configName() + " (for provider '"
              + e.provider() + "') and params set " + p + " too; the adapter sets the answer"
              + " format for structured output, so drop " + p + " or set structured_output: off");
        }
      }
    }
    return judge;
  }

  @Override
  public String type() {
    return TYPE.name();
  }

  public String rubricSha256() {
    return ContentHash.sha256Hex(rubric);
  }

  @Override
  public void hashContent(ObjectNode hashedEntry) {
    hashedEntry.put("rubric_sha256", rubricSha256());
  }

  @Override
  public void describe(ObjectNode entry) {
    entry.put("provider", endpoint.provider());
    entry.put("protocol", endpoint.protocol());
    entry.put("model_id", endpoint.modelId());
    entry.put("api_key_env", endpoint.apiKeyEnv());
    entry.put("params", endpoint.paramsJson());
    entry.put("seed", seed);
    entry.put("rubric_file", rubricFile);
    entry.put("rubric_sha256", rubricSha256());
    entry.put("structured_output", structuredOutput.configName());
    entry.put("structured", structured());
  }

  /**
   * This judge alone, without a response store. {@link org.ihlbench.transforms.judges.Judge}
   * asks all the panel's LLM judges together instead, with the run's store and settings.
   */
  @Override
  public PTransform<PCollection<Transcript>, PCollection<KV<String, JudgeVerdict>>> verdicts() {
    return AskJudges.of(List.of(this), CallSettings.of(null, null));
  }

  @Override
  public JudgeKind kind() {
    return KIND;
  }

  /** {@link #KIND}. */
  enum Kind implements JudgeKind {
    LLM;

    @Override
    public String stage() {
      return "AskLlmJudges";
    }

    @Override
    public PTransform<PCollection<Transcript>, PCollection<KV<String, JudgeVerdict>>> verdicts(
        List<PanelJudge> judges, Calls calls) {
      return AskJudges.of(llm(judges),
              calls.settings().withExpectedCalls(calls.expectedSamples() * judges.size()))
          .withBackoff(calls.backoff());
    }

    @Override
    public PTransform<PCollection<Sample>, PCollection<CallEstimate>> plan(
        List<PanelJudge> judges, Map<String, Integer> answerTokensByModel) {
      return PlanJudgeCalls.of(llm(judges), answerTokensByModel);
    }

    /** The judges of this kind are LLM judges: {@link LlmJudge#kind} is the only way in. */
    private static List<LlmJudge> llm(List<PanelJudge> judges) {
      return judges.stream().map(LlmJudge.class::cast).toList();
    }
  }
}
