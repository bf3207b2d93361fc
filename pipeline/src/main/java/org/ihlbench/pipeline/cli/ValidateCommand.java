package org.ihlbench.pipeline.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.ihlbench.pipeline.config.ConfigException;
import org.ihlbench.pipeline.config.ExperimentConfig;
import org.ihlbench.records.PromptKind;
import org.ihlbench.transforms.io.DatasetCheck;
import org.ihlbench.transforms.io.DatasetIdentity;
import org.ihlbench.transforms.io.PromptFile;
import org.ihlbench.transforms.io.PromptFormat;
import org.ihlbench.transforms.io.PromptFormatException;
import org.ihlbench.transforms.io.RuleTable;

/**
 * {@code ihlbench validate}: checks a prompt set without calling anyone and prints a report.
 * Exit 0 when it is clean, {@link ExitCode#DATASET_PROBLEMS} when it has problems, and
 * {@link ExitCode#USAGE} when it cannot be read at all (no such file, unknown format, a missing
 * column).
 */
public final class ValidateCommand implements Command {
  /** Rows listed per finding; the count says how many there are in all. */
  static final int MAX_LISTED = 25;

  @Override
  public String name() {
    return "validate";
  }

  @Override
  public String usage() {
    return "validate --dataset=PATH[,PATH...] [--format=NAME] [--coverage=full|partial|none]\n"
        + "validate --config=FILE [--coverage=full|partial|none]";
  }

  @Override
  public ExitCode execute(String[] args) throws Exception {
    return execute(args, System.out, System.err);
  }

  public ExitCode execute(String[] args, PrintStream out, PrintStream err) throws Exception {
    String dataset = null;
    String format = null;
    String config = null;
    String coverage = null;
    for (String a : args) {
      String value = a.contains("=") ? a.substring(a.indexOf('=') + 1) : "";
      if (a.startsWith("--dataset=")) {
        dataset = value;
      } else if (a.startsWith("--format=")) {
        format = value;
      } else if (a.startsWith("--config=")) {
        config = value;
      } else if (a.startsWith("--coverage=")) {
        coverage = value;
      } else {
        err.println("validate: unknown argument '" + a + "'\nusage: ihlbench "
            + usage().replace("\n", "\n       ihlbench "));
        return ExitCode.USAGE;
      }
    }
    if ((dataset == null) == (config == null) || (config != null && format != null)
        || (dataset != null && dataset.isBlank())) {
      err.println("validate: give --dataset=PATH[,PATH...] (and optionally --format=NAME), or"
          + " --config=FILE");
      return ExitCode.USAGE;
    }
    FileSystems.setDefaultPipelineOptions(PipelineOptionsFactory.create());
    DatasetCheck.Findings findings;
    try {
      List<String> paths;
      PromptFormat promptFormat;
      int maxPromptChars = PromptFile.DEFAULT_MAX_PROMPT_CHARS;
      if (config != null) {
        ExperimentConfig c = ExperimentConfig.load(Path.of(config));
        paths = c.datasetPaths();
        promptFormat = c.format();
        coverage = coverage == null ? c.datasetCoverage() : coverage;
        maxPromptChars = c.maxPromptChars();
      } else {
        paths = Arrays.stream(dataset.split(",")).map(String::strip)
            .filter(s -> !s.isEmpty()).toList();
        try {
          promptFormat = PromptFormat.named(format == null ? "ihlbench-jsonl" : format);
        } catch (IllegalArgumentException e) {
          throw new ConfigException("--format: " + e.getMessage());
        }
      }
      DatasetIdentity identity = DatasetIdentity.of(paths);
      DatasetCheck.Coverage checked;
      try {
        checked = DatasetCheck.Coverage.named(coverage == null ? "full" : coverage);
      } catch (IllegalArgumentException e) {
        throw new ConfigException(e.getMessage());
      }
      findings = DatasetCheck.audit(promptFormat, identity, checked, maxPromptChars);
    } catch (ConfigException | PromptFormatException e) {
      err.println("validate: " + e.getMessage());
      return ExitCode.USAGE;
    }
    print(findings, out);
    return findings.problems() == 0 ? ExitCode.OK : ExitCode.DATASET_PROBLEMS;
  }

  static void print(DatasetCheck.Findings f, PrintStream out) {
    DatasetIdentity id = f.identity();
    out.printf("prompt set: %d file%s, format %s%n", id.files().size(),
        id.files().size() == 1 ? "" : "s", f.format());
    id.files().forEach(file -> out.println("  " + file));
    out.println("dataset hash: " + id.hash());
    StringBuilder kinds = new StringBuilder();
    for (PromptKind k : PromptKind.values()) {
      kinds.append(kinds.length() == 0 ? "" : ", ")
          .append(f.byKind().getOrDefault(k, 0)).append(' ').append(k);
    }
    out.printf("prompts: %d (%s); rows rejected: %d%n", f.prompts(), kinds, f.rowsRejected());

    out.println();
    out.printf("  %-10s %-40s %7s%n", "kind", "framing", "prompts");
    f.framingsByKind().forEach((kind, framings) -> framings.forEach((framing, n) ->
        out.printf("  %-10s %-40s %7d%n", kind, framing, n)));

    out.println();
    int rules = RuleTable.icrc().size();
    if (!f.hasRuleNumbers()) {
      out.println("coverage of the " + rules + " ICRC rules: not checked (no prompt has a"
          + " rule number)");
    } else if (f.coverage() == DatasetCheck.Coverage.NONE) {
      out.println("coverage of the " + rules + " ICRC rules: not checked (--coverage=none); "
          + f.rulesWithPrompts().size() + " rules have prompts");
    } else {
      out.println("coverage of the " + rules + " ICRC rules (--coverage="
          + f.coverage().name().toLowerCase(Locale.ROOT) + "): "
          + f.rulesWithPrompts().size() + " rules have prompts");
      if (f.coverage() == DatasetCheck.Coverage.FULL) {
        line(out, "rules with no prompt", DatasetCheck.ranges(f.rulesWithoutPrompts()));
      }
      line(out, "rules with fewer than 2 violation prompts",
          DatasetCheck.ranges(f.rulesWithFewerThanTwoViolations()));
      line(out, "rules without a benign control",
          DatasetCheck.ranges(f.rulesWithoutBenignControl()));
      line(out, "note: rules whose violation prompts share one framing",
          DatasetCheck.ranges(f.rulesWithOneViolationFraming()));
    }

    out.println();
    rows(out, "duplicate ids", f.duplicateIds());
    rows(out, "duplicate texts (ignoring case and spacing)", f.duplicateTexts());
    rows(out, "empty texts", f.emptyTexts());
    rows(out, "unknown rule numbers", f.unknownRules());
    rows(out, "malformed rows", f.malformedRows());

    out.println();
    if (f.problems() == 0) {
      out.println("OK: no problems found");
    } else {
      out.println(f.problems() + " problem" + (f.problems() == 1 ? "" : "s") + " found (exit "
          + ExitCode.DATASET_PROBLEMS.code() + ")");
    }
  }

  private static void line(PrintStream out, String what, String value) {
    out.printf("  %-55s %s%n", what + ":", value);
  }

  private static void rows(PrintStream out, String what, List<DatasetCheck.Located> found) {
    out.printf("%-47s %s%n", what + ":", found.isEmpty() ? "none" : found.size());
    found.stream().limit(MAX_LISTED).forEach(l -> out.println("  " + l));
    if (found.size() > MAX_LISTED) {
      out.println("  ... and " + (found.size() - MAX_LISTED) + " more");
    }
  }
}
