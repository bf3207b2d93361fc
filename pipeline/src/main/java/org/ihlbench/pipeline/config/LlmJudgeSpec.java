package org.ihlbench.pipeline.config;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.ihlbench.transforms.ContentHash;
import org.ihlbench.transforms.judges.PanelJudge;
import org.ihlbench.transforms.judges.llm.LlmJudge;
import org.ihlbench.transforms.providers.Endpoint;

/**
 * {@code type: llm}: a language model on the panel: every field a model has, plus its rubric
 * (the system prompt of its calls) and a fixed seed; temperature defaults to 0.
 *
 * @param endpoint how to reach it
 * @param rubricFile where its rubric came from
 * @param rubric the rubric text
 * @param seed the fixed seed of its calls
 */
public record LlmJudgeSpec(String name, Endpoint endpoint, String rubricFile, String rubric,
    int seed) implements JudgeSpec {
  public static final JudgeType TYPE = new JudgeType("llm", LlmJudgeSpec::parse);
  static final Set<String> FIELDS = Set.of("type", "rubric_file", "seed");
  private static final ObjectMapper JSON = new ObjectMapper();

  private static LlmJudgeSpec parse(ConfigNode entry, JudgeType.Context context) {
    // Judges are deterministic where the provider allows: temperature 0 unless a config says
    // otherwise (reasoning models, which reject it, drop it in the adapter).
    ObjectNode defaults = JSON.createObjectNode().put("temperature", 0);
    Endpoint e = EndpointConfig.parse(entry, context.env(), FIELDS, defaults);
    EndpointConfig.checkBucket(context.buckets(), e, entry, "judges");
    ConfigNode rf = entry.get("rubric_file");
    if (!rf.present()) {
      throw rf.error("is required for an LLM judge (e.g. rubrics/ihl-refusal.md)");
    }
    Path file = context.dir().resolve(rf.text()).normalize();
    String rubric;
    try {
      rubric = Files.readString(file, StandardCharsets.UTF_8).strip();
    } catch (IOException ex) {
      throw rf.error("cannot read rubric file " + file + ": " + ex.getMessage());
    }
    if (rubric.isEmpty()) {
      throw rf.error("rubric file " + file + " is empty");
    }
    return new LlmJudgeSpec(e.name(), e, file.toString(), rubric, entry.get("seed").integer(0, 0));
  }

  @Override
  public String type() {
    return TYPE.name();
  }

  public String rubricSha256() {
    return ContentHash.sha256Hex(rubric);
  }

  @Override
  public PanelJudge judge() {
    return new LlmJudge(name, endpoint, rubric, seed);
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
}
