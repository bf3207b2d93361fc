package org.ihlbench.transforms.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The order a run's models, conditions and variants are shown in (config order from run.json,
 * then any others by name), and which condition and variant the others were compared with (from
 * paired_deltas, else baseline / plain, else the first).
 */
public record RunOrder(List<String> models, List<String> conditions, List<String> variants,
    String referenceCondition, String referenceVariant) {

  public static RunOrder of(RunTables run) {
    Set<String> models = new TreeSet<>();
    Set<String> conditions = new TreeSet<>();
    Set<String> variants = new TreeSet<>();
    for (TableRow r : run.summary()) {
      models.add(r.str("model"));
      conditions.add(r.str("condition"));
      variants.add(r.str("variant"));
    }
    List<String> ms = ordered(run.manifest().path("models"), models);
    List<String> cs = ordered(run.manifest().path("conditions"), conditions);
    List<String> vs = ordered(run.manifest().path("variants"), variants);
    String refC = null;
    String refV = null;
    for (TableRow d : run.pairedDeltas()) {
      if ("condition".equals(d.str("comparison")) && refC == null) {
        refC = d.str("condition_from");
      }
      if ("variant".equals(d.str("comparison")) && refV == null) {
        refV = d.str("variant_from");
      }
    }
    if (refC == null) {
      refC = cs.contains("baseline") ? "baseline" : cs.isEmpty() ? null : cs.get(0);
    }
    if (refV == null) {
      refV = vs.contains("plain") ? "plain" : vs.isEmpty() ? null : vs.get(0);
    }
    return new RunOrder(ms, cs, vs, refC, refV);
  }

  /** Names listed in the manifest array (objects with a name) first, then the rest. */
  static List<String> ordered(JsonNode listed, Set<String> present) {
    Set<String> out = new LinkedHashSet<>();
    if (listed.isArray()) {
      for (JsonNode n : listed) {
        String name = n.isTextual() ? n.asText() : n.path("name").asText(null);
        if (name != null && present.contains(name)) {
          out.add(name);
        }
      }
    }
    out.addAll(present);
    return new ArrayList<>(out);
  }

  public int conditionIndex(String condition) {
    return Math.max(0, conditions.indexOf(condition));
  }
}
