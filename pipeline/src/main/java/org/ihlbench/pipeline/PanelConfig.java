package org.ihlbench.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.ihlbench.transforms.ContentHash;
import org.ihlbench.transforms.judges.Panel;
import org.ihlbench.transforms.judges.PanelJudge;
import org.ihlbench.transforms.judges.RulesJudge;
import org.ihlbench.transforms.judges.llm.LlmJudge;
import org.ihlbench.transforms.providers.Endpoint;

/**
 * The {@code judges} section of a config: the panel, in order, and its tiebreaker.
 *
 * <pre>
 * judges:
 *   panel:
 *     - {name: rules, type: rules}                  # the rule-based judge: free and instant
 *                                                   # (version: rules-v3, the default, or rules-v2)
 *     - name: gpt-judge                             # an LLM judge: every field a model has,
 *       type: llm                                   # plus its rubric and a fixed seed
 *       provider: openai
 *       model_id: gpt-4o
 *       api_key_env: OPENAI_API_KEY
 *       rubric_file: rubrics/ihl-refusal.md
 *       seed: 0                                     # default 0
 *       params: {max_tokens: 300}                   # temperature defaults to 0
 *   tiebreaker: rules                               # optional; any member
 * </pre>
 *
 * Without a {@code judges} section the panel is the rule-based judge alone.
 */
public record PanelConfig(List<JudgeSpec> judges, String tiebreaker) {

  /**
   * A member of the panel as configured.
   *
   * @param type rules or llm
   * @param endpoint how to reach an LLM judge (null for rules)
   * @param rubricFile where its rubric came from (null for rules)
   * @param rubric the rubric text (null for rules)
   * @param seed the fixed seed of its calls
   * @param version the rule-based judge's version (null for llm)
   */
  public record JudgeSpec(String name, String type, Endpoint endpoint, String rubricFile,
      String rubric, int seed, String version) {
    public String rubricSha256() {
      return rubric == null ? null : ContentHash.sha256Hex(rubric);
    }
  }

  public static final List<String> TYPES = List.of("llm", "rules");
  static final Set<String> LLM_FIELDS = Set.of("type", "rubric_file", "seed");
  private static final ObjectMapper JSON = new ObjectMapper();

  public PanelConfig {
    judges = List.copyOf(judges);
  }

  /**
   * Parses {@code judges} (which may be absent). Rubric texts are read relative to {@code dir};
   * their hashes go into {@code hashed} (the config tree the config hash is computed over), so a
   * changed rubric changes the hash.
   */
  static PanelConfig parse(ConfigNode j, Path dir, Map<String, String> env, ObjectNode hashed) {
    j.allowOnly(Set.of("panel", "tiebreaker"));
    List<JudgeSpec> judges = new ArrayList<>();
    Set<String> names = new LinkedHashSet<>();
    Map<String, Endpoint> buckets = new HashMap<>();
    List<ConfigNode> members = j.get("panel").list();
    for (int i = 0; i < members.size(); i++) {
      ConfigNode jn = members.get(i);
      if (!jn.node().isObject()) {
        throw jn.error("must be a mapping with name and type");
      }
      String type = jn.get("type").text();
      JudgeSpec spec = switch (type) {
        case "rules" -> {
          jn.allowOnly(Set.of("name", "type", "version"));
          String version = jn.get("version").text(RulesJudge.LATEST);
          if (!RulesJudge.VERSIONS.contains(version)) {
            throw jn.get("version").error("unknown version '" + version + "'; known versions: "
                + String.join(", ", RulesJudge.VERSIONS));
          }
          yield new JudgeSpec(jn.get("name").text(), type, null, null, null, 0, version);
        }
        case "llm" -> llm(jn, dir, env, buckets);
        default -> throw jn.get("type").error("unknown judge type '" + type + "'; known types: "
            + String.join(", ", TYPES));
      };
      if (!names.add(spec.name())) {
        throw jn.get("name").error("judge '" + spec.name() + "' is on the panel twice");
      }
      if (spec.rubric() != null) {
        JsonNode h = hashed.path("judges").path("panel").path(i);
        if (h instanceof ObjectNode o) {
          o.put("rubric_sha256", spec.rubricSha256());
        }
      }
      judges.add(spec);
    }
    if (judges.isEmpty()) {
      judges.add(new JudgeSpec("rules", "rules", null, null, null, 0, RulesJudge.LATEST));
      names.add("rules");
    }
    String tiebreaker = j.get("tiebreaker").text(null);
    if (tiebreaker != null && !names.contains(tiebreaker)) {
      throw j.get("tiebreaker").error("'" + tiebreaker + "' is not on the panel " + names);
    }
    return new PanelConfig(judges, tiebreaker);
  }

  private static JudgeSpec llm(ConfigNode jn, Path dir, Map<String, String> env,
      Map<String, Endpoint> buckets) {
    // Judges are deterministic where the provider allows: temperature 0 unless a config says
    // otherwise (reasoning models, which reject it, drop it in the adapter).
    ObjectNode defaults = JSON.createObjectNode().put("temperature", 0);
    Endpoint e = ExperimentConfig.parseEndpoint(jn, env, LLM_FIELDS, defaults);
    ExperimentConfig.checkBucket(buckets, e, jn, "judges");
    ConfigNode rf = jn.get("rubric_file");
    if (!rf.present()) {
      throw rf.error("is required for an LLM judge (e.g. rubrics/ihl-refusal.md)");
    }
    Path file = dir.resolve(rf.text()).normalize();
    String rubric;
    try {
      rubric = Files.readString(file, StandardCharsets.UTF_8).strip();
    } catch (IOException ex) {
      throw rf.error("cannot read rubric file " + file + ": " + ex.getMessage());
    }
    if (rubric.isEmpty()) {
      throw rf.error("rubric file " + file + " is empty");
    }
    return new JudgeSpec(e.name(), "llm", e, file.toString(), rubric,
        jn.get("seed").integer(0, 0), null);
  }

  /** The panel the Judge stage runs. */
  public Panel panel() {
    List<PanelJudge> members = new ArrayList<>();
    for (JudgeSpec j : judges) {
      members.add(j.type().equals("llm")
          ? new LlmJudge(j.name(), j.endpoint(), j.rubric(), j.seed())
          : new RulesJudge(j.name(), j.version()));
    }
    return new Panel(members, tiebreaker);
  }

  public List<String> names() {
    return judges.stream().map(JudgeSpec::name).toList();
  }

  /** With a budget for judges, each LLM judge's answers must have a token cap. */
  void requireCompletionCaps(ConfigNode judgesNode, String budgetField) {
    for (int i = 0; i < judges.size(); i++) {
      if (judges.get(i).endpoint() != null) {
        ExperimentConfig.requireCompletionCap(judges.get(i).endpoint(),
            judgesNode.get("panel").at(i), budgetField);
      }
    }
  }

  /** The LLM judges' endpoints, whose keys must be set before a run starts. */
  public List<Endpoint> endpoints() {
    return judges.stream().filter(j -> j.endpoint() != null).map(JudgeSpec::endpoint).toList();
  }

  /** The panel as run.json records it: who judged, with which model, rubric and seed. */
  void describe(ObjectNode root) {
    ArrayNode panel = root.putArray("judge_panel");
    for (JudgeSpec j : judges) {
      ObjectNode n = panel.addObject().put("name", j.name()).put("type", j.type());
      if (j.endpoint() != null) {
        n.put("provider", j.endpoint().provider());
        n.put("protocol", j.endpoint().protocol());
        n.put("model_id", j.endpoint().modelId());
        n.put("api_key_env", j.endpoint().apiKeyEnv());
        n.put("params", j.endpoint().paramsJson());
        n.put("seed", j.seed());
        n.put("rubric_file", j.rubricFile());
        n.put("rubric_sha256", j.rubricSha256());
      } else {
        n.put("version", j.version());
      }
    }
    if (tiebreaker != null) {
      root.put("tiebreaker", tiebreaker);
    }
  }
}
