package org.ihlbench.pipeline.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.options.Validation;
import org.ihlbench.pipeline.trend.RegressionCheck;
import org.ihlbench.pipeline.trend.RunHistory;
import org.ihlbench.pipeline.trend.RunRecord;
import org.ihlbench.pipeline.trend.TrendChart;
import org.ihlbench.pipeline.trend.TrendOutputs;
import org.ihlbench.records.PromptKind;
import org.ihlbench.records.TrendRow;

/**
 * {@code ihlbench trend}: reads every run under an output root and writes
 * {@code <output>/trend/}: trend.parquet (one row per run and summary cell), trend.html (a chart
 * per model x condition x variant) and alerts.json; exits {@link ExitCode#ALERTS} when the
 * latest run regressed or a model reported a new version, so a scheduler can notify, and
 * {@link ExitCode#SKIPPED_RUNS} when there were no alerts but some run folders could not be read.
 * An experiment with no runs is a usage error that writes nothing, so a misspelt name cannot
 * replace a watched trend with an empty one.
 */
public final class TrendCommand implements Command {

  /** Options of the trend command. */
  public interface TrendOptions extends PipelineOptions {
    @Description("Output root whose runs/ to read (local or gs://)")
    @Validation.Required
    String getOutput();

    void setOutput(String value);

    @Description("Only runs of this experiment (default: the experiment of the latest run)")
    String getExperiment();

    void setExperiment(String value);

    @Description("Compare the latest run with the mean of this many previous runs")
    @Default.Integer(1)
    int getBaselineRuns();

    void setBaselineRuns(int value);

    @Description("Family-wise significance level (Holm across all comparisons)")
    @Default.Double(0.05)
    double getAlpha();

    void setAlpha(double value);

    @Description("Smallest change of a rate worth an alert, e.g. 0.05 for 5 points")
    @Default.Double(0.0)
    double getMinChange();

    void setMinChange(double value);
  }

  @Override
  public String name() {
    return "trend";
  }

  @Override
  public String usage() {
    return "trend --output=DIR [--experiment=NAME] [--baselineRuns=N] [--alpha=0.05]"
        + " [--minChange=0]";
  }

  @Override
  public ExitCode execute(String[] args) throws Exception {
    TrendOptions o = Flags.parse(args, TrendOptions.class);
    FileSystems.setDefaultPipelineOptions(o);
    String root = o.getOutput().replaceAll("/$", "");
    RunHistory.Loaded loaded = RunHistory.load(root);
    for (RunHistory.Skipped s : loaded.skipped()) {
      System.err.println("trend: skipped run folder " + s.folder() + ": " + s.reason());
    }
    List<RunRecord> all = loaded.runs();
    if (all.isEmpty()) {
      System.err.println("trend: no finished runs under " + root + "/runs/"
          + (loaded.skipped().isEmpty() ? "" : " (" + loaded.skipped().size()
              + " run folder(s) skipped as unreadable)"));
      return ExitCode.USAGE;
    }
    String experiment = o.getExperiment() != null ? o.getExperiment()
        : all.get(all.size() - 1).experiment();
    List<RunRecord> runs = all.stream().filter(r -> r.experiment().equals(experiment)).toList();
    if (runs.isEmpty()) {
      // A misspelt name must not replace the trend a scheduler watches with an empty one.
      StringBuilder found = new StringBuilder();
      loaded.experiments().forEach((name, n) -> found.append(found.length() == 0 ? "" : ", ")
          .append(name).append(" (").append(n).append(n == 1 ? " run)" : " runs)"));
      System.err.println("trend: no runs of experiment '" + experiment + "' under " + root
          + "/runs/; experiments found: " + found + " (nothing was written)");
      return ExitCode.USAGE;
    }
    List<RegressionCheck.Alert> alerts =
        RegressionCheck.check(runs, Math.max(1, o.getBaselineRuns()), o.getAlpha(), o.getMinChange());

    String dir = root + "/trend";
    Map<String, Object> report = new LinkedHashMap<>();
    report.put("experiment", experiment);
    report.put("runs", runs.stream().map(RunRecord::runId).toList());
    report.put("baseline_runs", o.getBaselineRuns());
    report.put("alpha", o.getAlpha());
    List<Map<String, Object>> list = new ArrayList<>();
    alerts.forEach(a -> list.add(RegressionCheck.asMap(a)));
    report.put("alerts", list);
    List<Map<String, String>> skipped = new ArrayList<>();
    loaded.skipped().forEach(s -> skipped.add(Map.of("folder", s.folder(), "reason", s.reason())));
    report.put("skipped_run_folders", skipped);
    TrendOutputs.write(dir, rows(runs), TrendChart.html(runs, alerts),
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            .writeValueAsString(report));

    System.out.printf("trend of %s over %d runs: %s%n", experiment, runs.size(),
        alerts.isEmpty() ? "no alerts" : alerts.size() + " alert(s)");
    alerts.forEach(a -> System.out.println("  " + a.type() + ": " + a.detail()));
    System.out.println("outputs: " + dir + "/ (trend.parquet, trend.html, alerts.json)");
    if (!alerts.isEmpty()) {
      return ExitCode.ALERTS;
    }
    if (!loaded.skipped().isEmpty()) {
      System.err.println("trend: " + loaded.skipped().size() + " run folder(s) could not be read"
          + " and were left out (exit " + ExitCode.SKIPPED_RUNS.code() + ")");
      return ExitCode.SKIPPED_RUNS;
    }
    return ExitCode.OK;
  }

  static List<TrendRow> rows(List<RunRecord> runs) {
    List<TrendRow> rows = new ArrayList<>();
    for (RunRecord r : runs) {
      Map<String, String> versions = new TreeMap<>();
      r.modelVersions().forEach((m, vs) -> versions.put(m, String.join(",", vs)));
      for (RunRecord.Cell c : r.cells()) {
        rows.add(TrendRow.newBuilder()
            .setRunId(r.runId()).setStartedAt(r.startedAt().toString())
            .setExperiment(r.experiment()).setDatasetHash(r.datasetHash())
            .setCodeVersion(r.codeVersion()).setModel(c.model())
            .setModelVersions(versions.get(c.model()))
            .setCondition(c.condition()).setVariant(c.variant())
            .setKind(PromptKind.valueOf(c.kind())).setN(c.n())
            .setRefusalRate(c.refusalRate()).setRefusalCiLow(c.refusalLow())
            .setRefusalCiHigh(c.refusalHigh()).setHelpfulRate(c.helpfulRate())
            .setHelpfulCiLow(c.helpfulLow()).setHelpfulCiHigh(c.helpfulHigh())
            .setCiMethod(c.ciMethod())
            .build());
      }
    }
    return rows;
  }
}
