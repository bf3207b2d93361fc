package org.ihlbench.pipeline.config;

import java.util.List;
import java.util.Set;
import org.ihlbench.transforms.stats.StatsSettings;

/** The optional {@code stats} section: what is compared with what, and how much resampling. */
final class StatsConfig {
  private StatsConfig() {}

  static StatsSettings parse(ConfigNode st, List<String> conditions, List<String> variants) {
    st.allowOnly(Set.of("reference_condition", "reference_variant", "bootstrap_replicates",
        "permutations"));
    String refC = st.get("reference_condition").text(null);
    if (refC != null && !conditions.contains(refC)) {
      throw st.get("reference_condition").error("no condition named '" + refC + "'; conditions are "
          + conditions);
    }
    String refV = st.get("reference_variant").text(null);
    if (refV != null && !variants.contains(refV)) {
      throw st.get("reference_variant").error("no variant named '" + refV + "'; variants are "
          + variants);
    }
    int replicates = st.get("bootstrap_replicates").integer(StatsSettings.DEFAULT_REPLICATES, 0);
    int permutations = st.get("permutations")
        .integer(StatsSettings.DEFAULT_PERMUTATIONS, StatsSettings.MIN_PERMUTATIONS);
    return StatsSettings.defaults().withOrder(conditions, variants).withReferences(refC, refV)
        .withResampling(replicates, permutations);
  }
}
