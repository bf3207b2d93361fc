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

  /** One row of a run's summary. */
  public record Cell(
      String model, String condition, String variant, String kind, long n,
      double refusalRate, double refusalLow, double refusalHigh,
      double helpfulRate, double helpfulLow, double helpfulHigh, String ciMethod,
      Long clusters) {

    public String key() {
      return model + " / " + condition + " / " + variant + " / " + kind;
    }
  }
}
