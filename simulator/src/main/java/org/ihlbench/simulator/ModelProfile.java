package org.ihlbench.simulator;

import java.util.List;
import java.util.Map;

/**
 * How one simulated model behaves: as a model under test (its behaviour rules), as a judge (see
 * {@link SimulatedJudge}), or both; a judge-only model has no behaviour rules.
 */
public record ModelProfile(
    String name, String modelVersion, Integer latencyMs, List<BehaviourRule> behaviour,
    SimulatedJudge.Behaviour judge) {

  public ModelProfile(
      String name, String modelVersion, Integer latencyMs, List<BehaviourRule> behaviour) {
    this(name, modelVersion, latencyMs, behaviour, null);
  }

  /** The first rule that matches; profiles end with a catch-all rule, checked at load time. */
  public BehaviourRule ruleFor(SimRequest request, Map<String, String> kindByPromptText) {
    if (behaviour.isEmpty()) {
      throw new IllegalStateException("simulated model '" + name + "' only judges");
    }
    for (BehaviourRule rule : behaviour) {
      if (rule.matches(request, kindByPromptText)) {
        return rule;
      }
    }
    return behaviour.get(behaviour.size() - 1);
  }
}
