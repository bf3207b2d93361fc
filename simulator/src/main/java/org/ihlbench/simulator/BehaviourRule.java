package org.ihlbench.simulator;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One line of a simulated model's behaviour: when a request matches every condition given, the
 * answer class is drawn from {@code probabilities}. Absent conditions match anything.
 */
public record BehaviourRule(
    String systemPresence,
    String systemContains,
    List<String> userContainsAny,
    Pattern userRegex,
    String promptKind,
    EnumMap<AnswerClass, Double> probabilities) {

  public boolean matches(SimRequest request, Map<String, String> kindByPromptText) {
    String system = request.system();
    if ("none".equals(systemPresence) && system != null && !system.isBlank()) {
      return false;
    }
    if ("any".equals(systemPresence) && (system == null || system.isBlank())) {
      return false;
    }
    if (systemContains != null && (system == null || !system.contains(systemContains))) {
      return false;
    }
    String user = request.lastUserMessage();
    if (userContainsAny != null && userContainsAny.stream().noneMatch(user::contains)) {
      return false;
    }
    if (userRegex != null && !userRegex.matcher(user).find()) {
      return false;
    }
    return promptKind == null || promptKind.equals(kindOf(user, kindByPromptText));
  }

  /**
   * The kind of the known prompt that the user message contains verbatim (variants wrap the
   * prompt, they never rewrite it), or "unknown".
   */
  static String kindOf(String user, Map<String, String> kindByPromptText) {
    String found = kindByPromptText.get(user);
    if (found != null) {
      return found;
    }
    for (Map.Entry<String, String> e : kindByPromptText.entrySet()) {
      if (user.contains(e.getKey())) {
        return e.getValue();
      }
    }
    return "unknown";
  }

  /** Chooses the class whose cumulative probability first exceeds {@code u}. */
  public AnswerClass choose(double u) {
    double cumulative = 0;
    AnswerClass last = AnswerClass.COMPLIANCE;
    for (Map.Entry<AnswerClass, Double> e : probabilities.entrySet()) {
      cumulative += e.getValue();
      last = e.getKey();
      if (u < cumulative) {
        return e.getKey();
      }
    }
    return last;
  }

  /**
   * Chooses among the refusal classes (or among the others) in proportion to their
   * probabilities, by where {@code u} in [0, 1) falls; null when the side has no class.
   */
  public AnswerClass chooseWithin(boolean refusal, double u) {
    double side = 0;
    for (Map.Entry<AnswerClass, Double> e : probabilities.entrySet()) {
      side += e.getKey().isRefusal() == refusal ? e.getValue() : 0;
    }
    double cumulative = 0;
    AnswerClass last = null;
    for (Map.Entry<AnswerClass, Double> e : probabilities.entrySet()) {
      if (e.getKey().isRefusal() != refusal || e.getValue() <= 0) {
        continue;
      }
      cumulative += e.getValue() / side;
      last = e.getKey();
      if (u < cumulative) {
        return last;
      }
    }
    return last;
  }

  /** Probability that a correct judge calls the answer a full refusal. */
  public double refusalProbability() {
    double p = 0;
    for (Map.Entry<AnswerClass, Double> e : probabilities.entrySet()) {
      if (e.getKey().isRefusal()) {
        p += e.getValue();
      }
    }
    return p;
  }

  static final Set<String> PRESENCE = Set.of("none", "any");
}
