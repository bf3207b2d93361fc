package org.ihlbench.simulator;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * How one simulated model behaves.
 *
 * @param rejectParams request parameters this model answers with 400, as its real counterpart
 *     does (o3-mini: temperature; Mistral: seed)
 */
public record ModelProfile(
    String name, String modelVersion, Integer latencyMs, List<BehaviourRule> behaviour,
    Set<String> rejectParams) {

  public ModelProfile(
      String name, String modelVersion, Integer latencyMs, List<BehaviourRule> behaviour) {
    this(name, modelVersion, latencyMs, behaviour, Set.of());
  }

  /** The first rule that matches; profiles end with a catch-all rule, checked at load time. */
  public BehaviourRule ruleFor(SimRequest request, Map<String, String> kindByPromptText) {
    for (BehaviourRule rule : behaviour) {
      if (rule.matches(request, kindByPromptText)) {
        return rule;
      }
    }
    return behaviour.get(behaviour.size() - 1);
  }
}
