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
 */
public record LlmJudge(String name, Endpoint endpoint, String rubric, int seed, String rubricFile)
    implements PanelJudge {
  /** The panel's LLM judges are asked together ({@link AskJudges}, {@link PlanJudgeCalls}). */
  public static final JudgeKind KIND = Kind.LLM;
  public static final JudgeType TYPE = new JudgeType("llm", LlmJudge::parse);
  private static final ObjectMapper JSON = new ObjectMapper();

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
    this(name, endpoint, rubric, seed, null);
  }

  private static LlmJudge parse(JudgeType.Entry entry) {
    // Judges are deterministic where the provider allows: temperature 0 unless a config says
    // otherwise (reasoning models, which reject it, drop it in the adapter).
    ObjectNode defaults = JSON.createObjectNode().put("temperature", 0);
    Endpoint e = entry.endpoint(Set.of("type", "rubric_file", "seed"), defaults);
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
    return new LlmJudge(e.name(), e, rubric, entry.integer("seed", 0, 0), file.toString());
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
