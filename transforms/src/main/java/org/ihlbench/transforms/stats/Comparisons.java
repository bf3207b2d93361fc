package org.ihlbench.transforms.stats;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.TreeSet;

/**
 * Which cells of one model a run compares: the reference condition with every other condition
 * (within each variant), and the reference variant with every other variant (within each
 * condition); each on every prompt kind.
 */
public final class Comparisons {
  /** One contrast: a "from" cell and a "to" cell of the same model and kind. */
  public record Contrast(String comparison, String conditionFrom, String conditionTo,
      String variantFrom, String variantTo) {}

  private Comparisons() {}

  /** The contrasts among the conditions and variants present. */
  public static List<Contrast> among(Collection<String> conditions, Collection<String> variants,
      StatsSettings settings) {
    List<String> cs = ordered(conditions, settings.conditionOrder());
    List<String> vs = ordered(variants, settings.variantOrder());
    String refC = reference(cs, settings.referenceCondition(), "baseline");
    String refV = reference(vs, settings.referenceVariant(), "plain");
    List<Contrast> out = new ArrayList<>();
    if (refC != null) {
      for (String v : vs) {
        for (String c : cs) {
          if (!c.equals(refC)) {
            out.add(new Contrast("condition", refC, c, v, v));
          }
        }
      }
    }
    if (refV != null) {
      for (String c : cs) {
        for (String v : vs) {
          if (!v.equals(refV)) {
            out.add(new Contrast("variant", c, c, refV, v));
          }
        }
      }
    }
    return out;
  }

  /** The configured reference if present, else the conventional name, else the first. */
  static String reference(List<String> present, String configured, String conventional) {
    if (configured != null) {
      return present.contains(configured) ? configured : null;
    }
    if (present.contains(conventional)) {
      return conventional;
    }
    return present.isEmpty() ? null : present.get(0);
  }

  /** The names present, in config order first, then by name. */
  static List<String> ordered(Collection<String> present, List<String> order) {
    List<String> out = new ArrayList<>();
    for (String o : order) {
      if (present.contains(o)) {
        out.add(o);
      }
    }
    for (String p : new TreeSet<>(present)) {
      if (!out.contains(p)) {
        out.add(p);
      }
    }
    return out;
  }
}
