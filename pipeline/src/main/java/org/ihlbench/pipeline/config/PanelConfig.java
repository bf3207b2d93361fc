package org.ihlbench.pipeline.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.ihlbench.transforms.judges.Panel;
import org.ihlbench.transforms.providers.Endpoint;

/**
 * The {@code judges} section of a config: the panel, in order, and its tiebreaker. Each entry
 * is read by the {@link JudgeType} its {@code type:} names ({@link JudgeTypes}).
 *
 * <pre>
 * judges:
 *   panel:
 *     - {name: rules, type: rules}                  # the rule-based judge: free and instant
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

  public PanelConfig {
    judges = List.copyOf(judges);
  }

  /**
   * Parses {@code judges} (which may be absent). Files the entries name are read relative to
   * {@code dir}; what they hold goes into {@code hashed} (the config tree the config hash is
   * computed over), so a changed rubric changes the hash.
   */
  static PanelConfig parse(ConfigNode j, Path dir, Map<String, String> env, ObjectNode hashed) {
    j.allowOnly(Set.of("panel", "tiebreaker"));
    List<JudgeSpec> judges = new ArrayList<>();
    Set<String> names = new LinkedHashSet<>();
    JudgeType.Context context = new JudgeType.Context(dir, env, new HashMap<>());
    List<ConfigNode> members = j.get("panel").list();
    for (int i = 0; i < members.size(); i++) {
      ConfigNode jn = members.get(i);
      if (!jn.node().isObject()) {
        throw jn.error("must be a mapping with name and type");
      }
      String type = jn.get("type").text();
      JudgeType judgeType = JudgeTypes.named(type).orElseThrow(() -> jn.get("type").error(
          "unknown judge type '" + type + "'; known types: " + String.join(", ", JudgeTypes.names())));
      JudgeSpec spec = judgeType.parser().parse(jn, context);
      if (!names.add(spec.name())) {
        throw jn.get("name").error("judge '" + spec.name() + "' is on the panel twice");
      }
      JsonNode h = hashed.path("judges").path("panel").path(i);
      if (h instanceof ObjectNode o) {
        spec.hashContent(o);
      }
      judges.add(spec);
    }
    if (judges.isEmpty()) {
      JudgeSpec only = JudgeTypes.defaultJudge();
      judges.add(only);
      names.add(only.name());
    }
    String tiebreaker = j.get("tiebreaker").text(null);
    if (tiebreaker != null && !names.contains(tiebreaker)) {
      throw j.get("tiebreaker").error("'" + tiebreaker + "' is not on the panel " + names);
    }
    return new PanelConfig(judges, tiebreaker);
  }

  /** The panel the Judge stage runs. */
  public Panel panel() {
    return new Panel(judges.stream().map(JudgeSpec::judge).toList(), tiebreaker);
  }

  public List<String> names() {
    return judges.stream().map(JudgeSpec::name).toList();
  }

  /** With a budget for judges, the answers of each judge that calls a model must have a cap. */
  void requireCompletionCaps(ConfigNode judgesNode, String budgetField) {
    for (int i = 0; i < judges.size(); i++) {
      Endpoint e = judges.get(i).endpoint();
      if (e != null) {
        EndpointConfig.requireCompletionCap(e, judgesNode.get("panel").at(i), budgetField);
      }
    }
  }

  /** The endpoints the judges call, whose keys must be set before a run starts. */
  public List<Endpoint> endpoints() {
    return judges.stream().map(JudgeSpec::endpoint).filter(Objects::nonNull).toList();
  }

  /** The panel as run.json records it: who judged, and with what. */
  public void describe(ObjectNode root) {
    ArrayNode panel = root.putArray("judge_panel");
    for (JudgeSpec j : judges) {
      j.describe(panel.addObject().put("name", j.name()).put("type", j.type()));
    }
    if (tiebreaker != null) {
      root.put("tiebreaker", tiebreaker);
    }
  }
}
