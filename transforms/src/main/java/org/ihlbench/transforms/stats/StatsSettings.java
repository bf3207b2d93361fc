package org.ihlbench.transforms.stats;

import java.io.Serializable;
import java.util.List;

/**
 * How a run's statistics are computed: which condition and variant the others are compared with,
 * and how much resampling the paired comparisons do.
 *
 * @param referenceCondition compared with every other condition; null: {@code baseline} if the
 *     run has it, else the first of {@code conditionOrder}, else the first by name
 * @param referenceVariant compared with every other variant; null: {@code plain} if present, else
 *     the first of {@code variantOrder}, else the first by name
 * @param conditionOrder the conditions in config order (may be empty)
 * @param variantOrder the variants in config order (may be empty)
 * @param bootstrapReplicates Poisson bootstrap replicates per comparison (0: none)
 * @param permutations random sign flips per sign-flip test
 * @param errorRates the panel's measured error on refusals, which the summary's corrected rate
 *     undoes ({@link CorrectedRate}); null: no correction
 */
public record StatsSettings(String referenceCondition, String referenceVariant,
    List<String> conditionOrder, List<String> variantOrder, int bootstrapReplicates,
    int permutations, JudgeErrorRates errorRates) implements Serializable {
  public static final int DEFAULT_REPLICATES = 1000;
  public static final int DEFAULT_PERMUTATIONS = 10000;
  /** Fewer flips could not resolve p-values near 0.05 / (number of models). */
  public static final int MIN_PERMUTATIONS = 999;

  public StatsSettings {
    conditionOrder = List.copyOf(conditionOrder);
    variantOrder = List.copyOf(variantOrder);
    if (bootstrapReplicates < 0) {
      throw new IllegalArgumentException("bootstrap replicates must be >= 0, got "
          + bootstrapReplicates);
    }
    if (permutations < MIN_PERMUTATIONS) {
      throw new IllegalArgumentException("permutations must be >= " + MIN_PERMUTATIONS
          + ", got " + permutations);
    }
  }

  public StatsSettings(String referenceCondition, String referenceVariant,
      List<String> conditionOrder, List<String> variantOrder, int bootstrapReplicates,
      int permutations) {
    this(referenceCondition, referenceVariant, conditionOrder, variantOrder, bootstrapReplicates,
        permutations, null);
  }

  public static StatsSettings defaults() {
    return new StatsSettings(null, null, List.of(), List.of(), DEFAULT_REPLICATES,
        DEFAULT_PERMUTATIONS);
  }

  public StatsSettings withErrorRates(JudgeErrorRates rates) {
    return new StatsSettings(referenceCondition, referenceVariant, conditionOrder, variantOrder,
        bootstrapReplicates, permutations, rates);
  }

  public StatsSettings withOrder(List<String> conditions, List<String> variants) {
    return new StatsSettings(referenceCondition, referenceVariant, conditions, variants,
        bootstrapReplicates, permutations, errorRates);
  }

  public StatsSettings withReferences(String condition, String variant) {
    return new StatsSettings(condition, variant, conditionOrder, variantOrder,
        bootstrapReplicates, permutations, errorRates);
  }

  public StatsSettings withResampling(int replicates, int flips) {
    return new StatsSettings(referenceCondition, referenceVariant, conditionOrder, variantOrder,
        replicates, flips, errorRates);
  }
}
