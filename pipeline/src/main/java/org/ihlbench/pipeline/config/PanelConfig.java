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
import org.ihlbench.transforms.judges.JudgeType;
import org.ihlbench.transforms.judges.JudgeTypes;
import org.ihlbench.transforms.judges.Panel;
import org.ihlbench.transforms.judges.PanelJudge;
import org.ihlbench.transforms.providers.Endpoint;

/**
 * The {@code judges} section of a config: the panel, in order, and its tiebreaker. Each entry
 * is read by the {@link JudgeType} its {@code type:} names ({@link JudgeTypes}), through an
 * {@link Entry} over the config node.
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
public record PanelConfig(List<PanelJudge> judges, String tiebreaker) {

  public PanelConfig {
    judges = List.copyOf(judges);
  }

  /**
   * Parses {@code judges} (which may be absent). Files the entries name are read relative to
   * {@code dir}; what they hold goes into {@code hashed} (the config tree the config hash is
   * computed over), so a changed rubric changes the hash.
   */
  static PanelConfig parse(ConfigNode j, Path dir, Map<String, String> env, ObjectNode hashed) {
    // error_rates is read with the stats (ErrorRatesConfig); allowed here so one config serves
    // run, rejudge and judge-eval.
    j.allowOnly(Set.of("panel", "tiebreaker", "error_rates"));
    List<PanelJudge> judges = new ArrayList<>();
    Set<String> names = new LinkedHashSet<>();
    Map<String, Endpoint> buckets = new HashMap<>();
    List<ConfigNode> members = j.get("panel").list();
    for (int i = 0; i < members.size(); i++) {
      ConfigNode jn = members.get(i);
      if (!jn.node().isObject()) {
        throw jn.error("must be a mapping with name and type");
      }
      String type = jn.get("type").text();
      JudgeType judgeType = JudgeTypes.named(type).orElseThrow(() -> jn.get("type").error(
          "unknown judge type '" + type + "'; known types: "
              + String.join(", ", JudgeTypes.names())));
      PanelJudge judge = judgeType.parser().parse(new Entry(jn, dir, env, buckets));
      if (!names.add(judge.name())) {
        throw jn.get("name").error("judge '" + judge.name() + "' is on the panel twice");
      }
      JsonNode h = hashed.path("judges").path("panel").path(i);
      if (h instanceof ObjectNode o) {
        judge.hashContent(o);
      }
      judges.add(judge);
    }
    if (judges.isEmpty()) {
      PanelJudge only = JudgeTypes.defaultJudge();
      judges.add(only);
      names.add(only.name());
    }
    String tiebreaker = j.get("tiebreaker").text(null);
    if (tiebreaker != null && !names.contains(tiebreaker)) {
      throw j.get("tiebreaker").error("'" + tiebreaker + "' is not on the panel " + names);
    }
    return new PanelConfig(judges, tiebreaker);
  }

  /** A panel entry as its judge type reads it, over the config node (errors name the field). */
  private record Entry(ConfigNode node, Path dir, Map<String, String> env,
      Map<String, Endpoint> buckets) implements JudgeType.Entry {
    @Override
    public void allowOnly(Set<String> fields) {
      node.allowOnly(fields);
    }

    @Override
    public String text(String field) {
      return node.get(field).text();
    }

    @Override
    public boolean has(String field) {
      return node.get(field).present();
    }

    @Override
    public int integer(String field, int dflt, int min) {
      return node.get(field).integer(dflt, min);
    }

    @Override
    public Path path(String field) {
      return dir.resolve(node.get(field).text()).normalize();
    }

    @Override
    public Endpoint endpoint(Set<String> extraFields, ObjectNode defaultParams) {
      Endpoint e = EndpointConfig.parse(node, env, extraFields, defaultParams);
      EndpointConfig.checkBucket(buckets, e, node, "judges");
      return e;
    }

    @Override
    public RuntimeException error(String field, String message) {
      return node.get(field).error(message);
    }
  }

  /** The panel the Judge stage runs. */
  public Panel panel() {
    return new Panel(judges, tiebreaker);
  }

  public List<String> names() {
    return judges.stream().map(PanelJudge::name).toList();
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
    return judges.stream().map(PanelJudge::endpoint).filter(Objects::nonNull).toList();
  }

  /** The panel as run.json records it: who judged, and with what. */
  public void describe(ObjectNode root) {
    ArrayNode panel = root.putArray("judge_panel");
    for (PanelJudge j : judges) {
      j.describe(panel.addObject().put("name", j.name()).put("type", j.type()));
    }
    if (tiebreaker != null) {
      root.put("tiebreaker", tiebreaker);
    }
  }
}
