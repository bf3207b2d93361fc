package org.ihlbench.pipeline.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.DoublePredicate;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.ihlbench.transforms.report.PilotPower;
import org.ihlbench.transforms.report.RunOrder;
import org.ihlbench.transforms.report.RunTables;
import org.ihlbench.transforms.stats.Power;

/**
 * {@code ihlbench power}: how many prompts x seeds a comparison needs, from a pilot run's rates
 * and intra-prompt correlation, or from assumed ones.
 */
public final class PowerCommand implements Command {
  @Override
  public String name() {
    return "power";
  }

  @Override
  public String usage() {
    return "power --run=RUN_DIR [--difference=0.05,0.10] [--seeds=1,3,5,10] [--icc=X]"
        + " [--power=0.8] [--alpha=0.05]\n"
        + "      power --rate=0.80 --difference=0.05 --icc=0.3 [--seeds=1,3,5,10] [--power=0.8]"
        + " [--alpha=0.05]";
  }

  @Override
  public ExitCode execute(String[] args) throws Exception {
    return execute(args, System.out, System.err);
  }

  public ExitCode execute(String[] args, PrintStream out, PrintStream err) throws IOException {
    Map<String, String> flags = new LinkedHashMap<>();
    for (String a : args) {
      int eq = a.indexOf('=');
      if (!a.startsWith("--") || eq < 0) {
        err.println("power: arguments are --name=value, got '" + a + "'");
        return ExitCode.USAGE;
      }
      flags.put(a.substring(2, eq), a.substring(eq + 1));
    }
    for (String k : flags.keySet()) {
      if (!List.of("run", "rate", "difference", "seeds", "icc", "power", "alpha").contains(k)) {
        err.println("power: unknown argument --" + k);
        return ExitCode.USAGE;
      }
    }
    if (flags.containsKey("run") == flags.containsKey("rate")) {
      err.println("power: give --run=RUN_DIR (a pilot) or --rate=P (assumed), not both or neither");
      return ExitCode.USAGE;
    }
    PilotPower.Plan plan;
    try {
      plan = new PilotPower.Plan(
          numbers(flags, "difference", List.of(0.05, 0.10), v -> v > 0 && v < 1),
          numbers(flags, "seeds", List.of(1.0, 3.0, 5.0, 10.0), v -> v >= 1 && v == Math.rint(v))
              .stream().map(Double::intValue).toList(),
          numbers(flags, "alpha", List.of(0.05), v -> v > 0 && v < 1).get(0),
          numbers(flags, "power", List.of(0.80), v -> v > 0 && v < 1).get(0),
          flags.containsKey("icc") ? numbers(flags, "icc", null, v -> v >= 0 && v <= 1).get(0)
              : Double.NaN);
      if (flags.containsKey("rate")) {
        return assumed(numbers(flags, "rate", null, v -> v > 0 && v < 1).get(0), plan, out, err);
      }
    } catch (IllegalArgumentException e) {
      err.println("power: " + e.getMessage());
      return ExitCode.USAGE;
    }
    FileSystems.setDefaultPipelineOptions(PipelineOptionsFactory.create());
    RunTables run;
    try {
      run = RunTables.read(flags.get("run"));
    } catch (IOException e) {
      err.println("power: " + e.getMessage());
      return ExitCode.USAGE;
    }
    return pilot(run, plan, out, err);
  }

  /** A comma-separated list of numbers that pass {@code valid}, or the default; errors name the flag. */
  private static List<Double> numbers(Map<String, String> flags, String name, List<Double> dflt,
      DoublePredicate valid) {
    String raw = flags.get(name);
    if (raw == null) {
      if (dflt == null) {
        throw new IllegalArgumentException("--" + name + " is required");
      }
      return dflt;
    }
    List<Double> out = new ArrayList<>();
    for (String part : raw.split(",")) {
      double v;
      try {
        v = Double.parseDouble(part.trim());
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("--" + name + ": '" + part + "' is not a number");
      }
      if (!valid.test(v)) {
        throw new IllegalArgumentException("--" + name + ": " + part + " is out of range");
      }
      out.add(v);
    }
    return out;
  }

  private static ExitCode assumed(double rate, PilotPower.Plan plan, PrintStream out,
      PrintStream err) {
    if (plan.seeds().stream().anyMatch(m -> m > 1) && Double.isNaN(plan.icc())) {
      err.println("power: --icc is required with more than one seed per prompt (try 0.2-0.4 if"
          + " unknown, or plan from a pilot with --run)");
      return ExitCode.USAGE;
    }
    for (double d : plan.differences()) {
      double target = Power.target(rate, d);
      out.printf(Locale.ROOT, "%.1f%% -> %.1f%% (%+.1f pts), two-sided alpha %.3g, power %.0f%%,"
              + " ICC %s%n", 100 * rate, 100 * target, 100 * (target - rate), plan.alpha(),
          100 * plan.power(), Double.isNaN(plan.icc()) ? "-" : String.format(Locale.ROOT, "%.2f",
              plan.icc()));
      out.printf("%-8s %-14s %-22s %s%n", "seeds", "design effect", "prompts per condition",
          "samples per condition");
      for (int m : plan.seeds()) {
        long prompts = Power.promptsNeeded(rate, target, plan.icc(), m, plan.alpha(), plan.power());
        out.printf(Locale.ROOT, "%-8d %-14.2f %-22d %d%n", m, Power.designEffect(m, plan.icc()),
            prompts, prompts * m);
      }
      out.println();
    }
    return ExitCode.OK;
  }

  private static ExitCode pilot(RunTables run, PilotPower.Plan plan, PrintStream out, PrintStream err) {
    List<PilotPower.Row> rows = PilotPower.of(run, RunOrder.of(run), plan);
    if (rows.isEmpty()) {
      err.println("power: the run has no two conditions to compare on violation prompts");
      return ExitCode.USAGE;
    }
    StringBuilder head = new StringBuilder(String.format("%-22s %-28s %-7s %-34s %-9s %-7s %-7s",
        "model", "comparison", "rate", "ICC planned with", "this run", "detect", "power"));
    for (int m : plan.seeds()) {
      head.append(String.format(" %10s", "m=" + m));
    }
    out.println(head);
    boolean missingIcc = false;
    boolean negativeIcc = false;
    for (PilotPower.Row r : rows) {
      negativeIcc |= r.icc() < 0;
      StringBuilder line = new StringBuilder(String.format(Locale.ROOT,
          "%-22s %-28s %-7s %-34s %-9s %-7s %-7s", r.model(),
          r.conditionFrom() + " -> " + r.conditionTo(),
          String.format(Locale.ROOT, "%.1f%%", 100 * r.rateFrom()),
          Double.isNaN(r.icc()) ? "-" : String.format(Locale.ROOT, "%.2f (%s)%s%s", r.icc(),
              r.iccSource(), r.icc() < 0 ? "*" : "",
              r.iccSource().contains(PilotPower.UPPER) && !Double.isNaN(r.iccEstimate())
                  ? String.format(Locale.ROOT, " est %.2f", r.iccEstimate()) : ""),
          r.prompts() + "x" + r.seeds(),
          String.format(Locale.ROOT, "%+.0f pts", 100 * (r.targetRate() - r.rateFrom())),
          Double.isNaN(r.powerNow()) ? "-" : String.format(Locale.ROOT, "%.0f%%", 100 * r.powerNow())));
      for (int m : plan.seeds()) {
        Long n = r.promptsNeeded().get(m);
        missingIcc |= n != null && n < 0;
        line.append(String.format(" %10s", n == null || n < 0 ? "-" : n.toString()));
      }
      out.println(line);
    }
    out.printf(Locale.ROOT, "%nm=K: prompts needed per condition with K seeds each (two-sided alpha"
        + " %.3g, power %.0f%%, design effect 1 + (K-1) ICC). 'power': what this run's design had.%n",
        plan.alpha(), 100 * plan.power());
    if (rows.stream().anyMatch(r -> r.iccSource().contains(PilotPower.UPPER))) {
      out.println("ICC planned with: the pilot's 80% upper bound on the intra-prompt correlation"
          + " (beta-binomial posterior), not its estimate (est), so a pilot too small to rule out"
          + " correlated seeds does not make extra seeds look as good as extra prompts;"
          + " --icc=X plans with X.");
    }
    if (negativeIcc) {
      out.println("*: a negative ICC estimate (seeds of a prompt less alike than chance) is taken"
          + " as 0.");
    }
    if (missingIcc) {
      out.println("'-' under m>1: the run has one seed per prompt, so its ICC is unknown; pass"
          + " --icc=X to plan with seeds.");
    }
    return ExitCode.OK;
  }
}
