package org.ihlbench.pipeline.trend;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** One stored run, as monitoring sees it: when, what, and its summary cells. */
public record RunRecord(
    String runId,
    Instant startedAt,
    String experiment,
    String datasetHash,
    String codeVersion,
    List<String> panel,
    Map<String, Set<String>> modelVersions,
    List<Cell> cells) {

  /**
   * One row of a run's summary. {@code refusalSe} and {@code helpfulSe} are the standard errors
   * the summary stored with its intervals; null for runs written before it did.
   */
  public record Cell(
      String model, String condition, String variant, String kind, long n,
      double refusalRate, double refusalLow, double refusalHigh,
      double helpfulRate, double helpfulLow, double helpfulHigh, String ciMethod,
      Long clusters, Double refusalSe, Double helpfulSe) {

    /** A row of a summary without standard errors (written before it had them). */
    public Cell(String model, String condition, String variant, String kind, long n,
        double refusalRate, double refusalLow, double refusalHigh,
        double helpfulRate, double helpfulLow, double helpfulHigh, String ciMethod,
        Long clusters) {
      this(model, condition, variant, kind, n, refusalRate, refusalLow, refusalHigh, helpfulRate,
          helpfulLow, helpfulHigh, ciMethod, clusters, null, null);
    }

    public String key() {
      return model + " / " + condition + " / " + variant + " / " + kind;
    }
  }
}
