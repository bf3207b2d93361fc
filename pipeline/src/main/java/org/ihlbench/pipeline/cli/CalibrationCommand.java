package org.ihlbench.pipeline.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.ihlbench.pipeline.run.RunPaths;
import org.ihlbench.transforms.io.RunDirectory;
import org.ihlbench.transforms.judges.calibration.CalibrationReport;
import org.ihlbench.transforms.judges.calibration.CalibrationSample;
import org.ihlbench.transforms.judges.calibration.HumanLabels;

/**
 * {@code ihlbench calibration}: checks the judges against people. {@code export} writes a
 * stratified, blind sample of a run's answers as CSV for labelling; {@code import} reads the
 * labels back and reports each judge's and the majority's accuracy and Cohen's kappa against
 * them (printed, and written to the run directory as calibration.json).
 */
public final class CalibrationCommand implements Command {
  static final String REPORT_FILE = "calibration.json";
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  @Override
  public String name() {
    return "calibration";
  }

  @Override
  public String usage() {
    return "calibration export --run=RUN_DIR --out=FILE.csv [--per-stratum=N] [--seed=S]\n"
        + "ihlbench calibration import --run=RUN_DIR --labels=FILE.csv";
  }

  @Override
  public ExitCode execute(String[] args) throws Exception {
    if (args.length == 0 || !(args[0].equals("export") || args[0].equals("import"))) {
      System.err.println("usage: ihlbench " + usage());
      return ExitCode.USAGE;
    }
    Map<String, String> flags = new HashMap<>();
    for (int i = 1; i < args.length; i++) {
      String a = args[i];
      int eq = a.indexOf('=');
      if (!a.startsWith("--") || eq < 0) {
        System.err.println("calibration: arguments are --name=value, got '" + a + "'");
        return ExitCode.USAGE;
      }
      flags.put(a.substring(2, eq), a.substring(eq + 1));
    }
    FileSystems.setDefaultPipelineOptions(PipelineOptionsFactory.create());
    try {
      return args[0].equals("export") ? export(flags) : importLabels(flags);
    } catch (UsageError e) {
      System.err.println("calibration " + args[0] + ": " + e.getMessage());
      return ExitCode.USAGE;
    }
  }

  private static final class UsageError extends Exception {
    private static final long serialVersionUID = 1L;

    UsageError(String message) {
      super(message);
    }
  }

  private static String required(Map<String, String> flags, String name) throws UsageError {
    String v = flags.get(name);
    if (v == null || v.isBlank()) {
      throw new UsageError("--" + name + " is required");
    }
    return v;
  }

  private static void allowOnly(Map<String, String> flags, List<String> names) throws UsageError {
    for (String f : flags.keySet()) {
      if (!names.contains(f)) {
        throw new UsageError("unknown argument --" + f + "; expected " + names);
      }
    }
  }

  private static long number(Map<String, String> flags, String name, long dflt) throws UsageError {
    String v = flags.get(name);
    try {
      return v == null ? dflt : Long.parseLong(v.strip());
    } catch (NumberFormatException e) {
      throw new UsageError("--" + name + " must be a whole number, got '" + v + "'");
    }
  }

  ExitCode export(Map<String, String> flags) throws Exception {
    allowOnly(flags, List.of("run", "out", "per-stratum", "seed"));
    String run = RunPaths.trim(required(flags, "run"));
    String out = required(flags, "out");
    long perStratum = number(flags, "per-stratum", 20);
    if (perStratum < 1 || perStratum > 100_000) {
      throw new UsageError("--per-stratum must be between 1 and 100000");
    }
    CalibrationSample sample = new CalibrationSample((int) perStratum, number(flags, "seed", 1));
    long total;
    try {
      total = RunDirectory.at(run).judgedSamples(sample::offer);
    } catch (IOException e) {
      throw new UsageError("--run: " + e.getMessage());
    }
    RunPaths.writeText(out, sample.csv());
    String instructions = (out.endsWith(".csv") ? out.substring(0, out.length() - 4) : out)
        + "-instructions.md";
    try (InputStream in = CalibrationCommand.class.getResourceAsStream("calibration-instructions.md")) {
      RunPaths.writeText(instructions, new String(in.readAllBytes(), StandardCharsets.UTF_8));
    }
    int rows = sample.counts().values().stream().mapToInt(Integer::intValue).sum();
    System.out.printf("%d answers to label, from %d strata (model x condition x majority class) of"
        + " %d labellable answers in %d judged samples:%n", rows, sample.counts().size(),
        sample.seen(), total);
    sample.counts().forEach((k, v) -> System.out.printf("  %-60s %5d%n", k, v));
    System.out.println("wrote " + out + " and " + instructions);
    return ExitCode.OK;
  }

  ExitCode importLabels(Map<String, String> flags) throws Exception {
    allowOnly(flags, List.of("run", "labels"));
    String run = RunPaths.trim(required(flags, "run"));
    String file = required(flags, "labels");
    String text;
    // The path is the user's, taken literally: opened, never matched as a pattern.
    try (InputStream in = Channels.newInputStream(FileSystems.open(
        FileSystems.matchNewResource(file, false)))) {
      text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UsageError("--labels: cannot read " + file + ": " + e.getMessage());
    }
    HumanLabels labels;
    try {
      labels = HumanLabels.parse(file, text);
    } catch (HumanLabels.LabelException e) {
      System.err.println("labels: " + e.getMessage());
      return ExitCode.USAGE;
    }
    JsonNode manifest;
    try {
      manifest = RunDirectory.at(run).manifest().orElseThrow(() -> new IOException("no "
          + RunDirectory.MANIFEST));
    } catch (IOException e) {
      throw new UsageError("--run: cannot read " + RunDirectory.at(run).file(RunDirectory.MANIFEST)
          + ": " + e.getMessage());
    }
    List<String> panel = new ArrayList<>();
    manifest.path("judge_panel").forEach(j -> panel.add(j.path("name").asText()));
    CalibrationReport report = new CalibrationReport(panel);
    Map<String, HumanLabels.Label> pending = new HashMap<>(labels.labels());
    try {
      RunDirectory.at(run).judgedSamples(j -> {
        HumanLabels.Label l = pending.remove(j.getSample().getSampleId());
        if (l != null) {
          report.add(l, j);
        }
      });
    } catch (IOException e) {
      throw new UsageError("--run: " + e.getMessage());
    }
    if (!pending.isEmpty()) {
      HumanLabels.Label first = pending.values().stream()
          .min((a, b) -> Integer.compare(a.row(), b.row())).orElseThrow();
      System.err.println("labels: " + file + ": row " + first.row() + ", column sample_id: '"
          + first.sampleId() + "' is not a sample of run " + manifest.path("run_id").asText()
          + (pending.size() > 1 ? " (nor are " + (pending.size() - 1) + " more)" : ""));
      return ExitCode.USAGE;
    }
    List<CalibrationReport.Figure> figures = report.figures();
    System.out.printf("%d labelled answers (%d rows not labelled yet) of run %s%n",
        report.matched(), labels.unlabelled(), manifest.path("run_id").asText());
    String fmt = "%-22s %-16s %6s %9s %8s%n";
    System.out.printf(fmt, "rater", "field", "n", "accuracy", "kappa");
    for (CalibrationReport.Figure f : figures) {
      System.out.printf(fmt, f.rater(), f.field(), f.n(),
          Double.isNaN(f.accuracy()) ? "-" : String.format("%.1f%%", 100 * f.accuracy()),
          Double.isNaN(f.kappa()) ? "-" : String.format("%.3f", f.kappa()));
    }
    ObjectNode root = JSON.createObjectNode();
    root.put("run_id", manifest.path("run_id").asText());
    root.put("labels_file", file);
    root.put("labelled", report.matched());
    root.put("unlabelled_rows", labels.unlabelled());
    ArrayNode rows = root.putArray("figures");
    for (CalibrationReport.Figure f : figures) {
      ObjectNode n = rows.addObject().put("rater", f.rater()).put("field", f.field()).put("n", f.n());
      putNumber(n, "accuracy", f.accuracy());
      putNumber(n, "cohen_kappa", f.kappa());
    }
    RunPaths.writeText(RunDirectory.at(run).file(REPORT_FILE), JSON.writeValueAsString(root));
    System.out.println("wrote " + RunDirectory.at(run).file(REPORT_FILE));
    return ExitCode.OK;
  }

  private static void putNumber(ObjectNode n, String field, double v) {
    if (Double.isNaN(v)) {
      n.putNull(field);
    } else {
      n.put(field, v);
    }
  }
}
