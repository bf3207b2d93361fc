package org.ihlbench.pipeline.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.options.Validation;
import org.apache.beam.sdk.util.MimeTypes;
import org.ihlbench.pipeline.trend.RegressionCheck;
import org.ihlbench.pipeline.trend.RunHistory;
import org.ihlbench.pipeline.trend.RunRecord;
import org.ihlbench.pipeline.trend.TrendChart;
import org.ihlbench.records.PromptKind;
import org.ihlbench.records.TrendRow;
import org.ihlbench.transforms.io.ParquetFiles;

/**
 * {@code ihlbench trend}: reads every run under an output root and writes
 * {@code <output>/trend/}: trend.parquet (one row per run and summary cell), trend.html (a chart
 * per model x condition x variant) and alerts.json; exits {@link ExitCode#ALERTS} when the
 * latest run regressed or a model reported a new version, so a scheduler can notify.
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
    PipelineOptionsFactory.register(TrendOptions.class);
    TrendOptions o = PipelineOptionsFactory.fromArgs(args).withValidation().as(TrendOptions.class);
    FileSystems.setDefaultPipelineOptions(o);
    List<RunRecord> all = RunHistory.load(o.getOutput());
    if (all.isEmpty()) {
      System.err.println("trend: no finished runs under " + o.getOutput() + "/runs/");
      return ExitCode.USAGE;
    }
    String experiment = o.getExperiment() != null ? o.getExperiment()
        : all.get(all.size() - 1).experiment();
    List<RunRecord> runs = all.stream().filter(r -> r.experiment().equals(experiment)).toList();
    List<RegressionCheck.Alert> alerts =
        RegressionCheck.check(runs, Math.max(1, o.getBaselineRuns()), o.getAlpha(), o.getMinChange());

    String dir = o.getOutput().replaceAll("/$", "") + "/trend";
    ParquetFiles.write(dir + "/trend.parquet", TrendRow.getClassSchema(), rows(runs));
    write(dir + "/trend.html", TrendChart.html(runs, alerts));
    Map<String, Object> report = new LinkedHashMap<>();
    report.put("experiment", experiment);
    report.put("runs", runs.stream().map(RunRecord::runId).toList());
    report.put("baseline_runs", o.getBaselineRuns());
    report.put("alpha", o.getAlpha());
    List<Map<String, Object>> list = new ArrayList<>();
    alerts.forEach(a -> list.add(RegressionCheck.asMap(a)));
    report.put("alerts", list);
    write(dir + "/alerts.json", new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
        .writeValueAsString(report));

    System.out.printf("trend of %s over %d runs: %s%n", experiment, runs.size(),
        alerts.isEmpty() ? "no alerts" : alerts.size() + " alert(s)");
    alerts.forEach(a -> System.out.println("  " + a.type() + ": " + a.detail()));
    System.out.println("outputs: " + dir + "/ (trend.parquet, trend.html, alerts.json)");
    return alerts.isEmpty() ? ExitCode.OK : ExitCode.ALERTS;
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

  private static void write(String path, String text) throws java.io.IOException {
    try (OutputStream out = Channels.newOutputStream(FileSystems.create(
        FileSystems.matchNewResource(path, false), MimeTypes.TEXT))) {
      out.write(text.getBytes(StandardCharsets.UTF_8));
    }
  }
}
