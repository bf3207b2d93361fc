package org.ihlbench.pipeline.bench;

import java.io.IOException;
import java.util.List;
import java.util.Locale;
import org.apache.avro.generic.GenericRecord;
import org.apache.beam.runners.direct.DirectOptions;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.GenerateSequence;
import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.ihlbench.records.PromptKind;
import org.ihlbench.records.RefusalLevel;
import org.ihlbench.records.ResponseOutcome;
import org.ihlbench.records.ScoredSample;
import org.ihlbench.records.SummaryRow;
import org.ihlbench.transforms.Records;
import org.ihlbench.transforms.io.ParquetFiles;
import org.ihlbench.transforms.io.ParquetTable;
import org.ihlbench.transforms.io.WriteTables;
import org.ihlbench.transforms.stats.AggregateTables;
import org.ihlbench.transforms.stats.StatsSettings;

/**
 * Benchmark of the Aggregate stage alone: synthetic judged samples generated inside the pipeline
 * (no I/O in front of it), aggregated into every table with the real {@link AggregateTables}, and
 * the small tables written. Run by scripts/bench-aggregate.sh; results in docs/BENCHMARKS.md.
 *
 * <p>The synthetic run has the shape of a large real one: models x 3 conditions x 4 variants x
 * 483 prompts (322 violation, 161 benign) x seeds, with prompt-level refusal rates that differ
 * between prompts (a logistic of a per-prompt difficulty) so intervals and tests do real work.
 */
public final class AggregationBenchmark {
  static final String[] CONDITIONS = {"baseline", "ihl-safety", "tailored"};
  static final String[] VARIANTS = {"plain", "code", "technical", "roleplay"};
  static final int VIOLATION_PROMPTS = 322;
  static final int PROMPTS = 483;

  /** Options of the benchmark (plus any runner options). */
  public interface Options extends PipelineOptions {
    @Description("Judged rows to generate")
    @Default.Long(10_000_000L)
    long getRows();

    void setRows(long value);

    @Description("Models in the synthetic run")
    @Default.Integer(25)
    int getModels();

    void setModels(int value);

    @Description("Poisson bootstrap replicates per paired comparison")
    @Default.Integer(1000)
    int getReplicates();

    void setReplicates(int value);

    @Description("Sign flips per permutation test")
    @Default.Integer(StatsSettings.DEFAULT_PERMUTATIONS)
    int getPermutations();

    void setPermutations(int value);

    @Description("Where the tables go")
    @Default.String("/tmp/ihlbench-bench-aggregate")
    String getOutput();

    void setOutput(String value);
  }

  private AggregationBenchmark() {}

  public static void main(String[] args) throws IOException {
    PipelineOptionsFactory.register(Options.class);
    Options o = PipelineOptionsFactory.fromArgs(args).withValidation().as(Options.class);
    if (o.getRunner().getSimpleName().equals("DirectRunner")) {
      // As in RunExperiment: the immutability check walks the graph per bundle. Unless asked
      // for (--enforceEncodability=true), also skip the Direct runner's encodability check,
      // which encodes and decodes every element between steps: a test aid, not part of the work.
      o.as(DirectOptions.class).setEnforceImmutability(false);
      if (!List.of(args).contains("--enforceEncodability=true")) {
        o.as(DirectOptions.class).setEnforceEncodability(false);
      }
    }
    Pipeline p = Pipeline.create(o);
    PCollection<ScoredSample> rows = p
        .apply("Sequence", GenerateSequence.from(0).to(o.getRows()))
        .apply("Synthesize", ParDo.of(new Synthesize(o.getModels())))
        .setCoder(Records.coder(ScoredSample.class));
    PCollectionTuple tables = rows.apply("Aggregate", AggregateTables.forRun("bench")
        .with(StatsSettings.defaults().withOrder(List.of(CONDITIONS), List.of(VARIANTS))
            .withResampling(o.getReplicates(), o.getPermutations())));
    tables.apply("WriteTables", WriteTables.to(o.getOutput()));

    long seeds = (o.getRows() + (long) o.getModels() * 12 * PROMPTS - 1)
        / ((long) o.getModels() * 12 * PROMPTS);
    System.out.printf(Locale.ROOT, "aggregating %,d rows: %d models x 3 conditions x 4 variants x"
            + " %d prompts x up to %d seeds; %d bootstrap replicates, %d sign flips; runner %s%n",
        o.getRows(), o.getModels(), PROMPTS, seeds, o.getReplicates(), o.getPermutations(),
        o.getRunner().getSimpleName());
    long start = System.nanoTime();
    PipelineResult.State state = p.run().waitUntilFinish();
    double seconds = (System.nanoTime() - start) / 1e9;
    // Every generated row must be in the summary: counted as decided, error or undecided.
    long counted = 0;
    int cells = 0;
    FileSystems.setDefaultPipelineOptions(o);
    for (GenericRecord r : ParquetFiles.readAll(o.getOutput() + "/summary.parquet")) {
      counted += (Long) r.get("n") + (Long) r.get("errors") + (Long) r.get("undecided");
      cells++;
    }
    long deltas = ParquetFiles.readAll(o.getOutput() + "/paired_deltas.parquet").size();
    System.out.printf(Locale.ROOT, "state %s; %,d rows in %.1f s: %,.0f rows/s; %d summary cells"
            + " counting %,d rows, %d paired deltas; tables in %s%n",
        state, o.getRows(), seconds, o.getRows() / seconds, cells, counted, deltas, o.getOutput());
    if (state != PipelineResult.State.DONE || counted != o.getRows()) {
      System.err.println("the summary does not count every row");
      System.exit(1);
    }
  }

  /** Row i: a sample whose answer depends on its model, condition, variant, prompt and seed. */
  static final class Synthesize extends DoFn<Long, ScoredSample> {
    private final int models;
    private transient String[] modelNames;
    private transient String[] promptIds;
    private transient String[] chapters;

    Synthesize(int models) {
      this.models = models;
    }

    @Setup
    public void setup() {
      modelNames = new String[models];
      for (int m = 0; m < models; m++) {
        modelNames[m] = "model-" + m;
      }
      promptIds = new String[PROMPTS];
      chapters = new String[PROMPTS];
      for (int i = 0; i < PROMPTS; i++) {
        int rule = i < VIOLATION_PROMPTS ? i / 2 + 1 : i - VIOLATION_PROMPTS + 1;
        promptIds[i] = i < VIOLATION_PROMPTS
            ? String.format(Locale.ROOT, "ihl-r%03d-%s", rule, i % 2 == 0 ? "a" : "b")
            : String.format(Locale.ROOT, "ihl-r%03d-benign", rule);
        chapters[i] = "Chapter " + (1 + rule * 44 / 162) + ".";
      }
    }

    @ProcessElement
    public void process(@Element Long index, OutputReceiver<ScoredSample> out) {
      long i = index;
      int prompt = (int) (i % PROMPTS);
      long rest = i / PROMPTS;
      int variant = (int) (rest % VARIANTS.length);
      rest /= VARIANTS.length;
      int condition = (int) (rest % CONDITIONS.length);
      rest /= CONDITIONS.length;
      int model = (int) (rest % models);
      int seed = (int) (rest / models) + 1;
      boolean violation = prompt < VIOLATION_PROMPTS;
      int rule = violation ? prompt / 2 + 1 : prompt - VIOLATION_PROMPTS + 1;
      // Refusal probability: a model x condition x variant level plus a prompt difficulty.
      double level = violation ? 0.4 + 0.08 * (model % 10) + 0.9 * condition - 0.5 * (variant == 1 ? 1 : 0)
          : -3.5 + 0.5 * condition;
      double difficulty = 1.6 * gaussian(mix(prompt * 0x9E3779B97F4A7C15L + model));
      double p = 1 / (1 + Math.exp(-(level + difficulty)));
      double u = uniform(mix(i ^ 0x632BE59BD9B4E019L));
      boolean refused = u < p;
      boolean helpful = refused && uniform(mix(i + 0x1234567L)) < 0.3 + 0.3 * condition;
      ScoredSample s = new ScoredSample();
      s.setRunId("bench");
      s.setSampleId("s" + i);
      s.setModel(modelNames[model]);
      s.setModelId(modelNames[model]);
      s.setCondition(CONDITIONS[condition]);
      s.setVariant(VARIANTS[variant]);
      s.setVariantVersion("1");
      s.setSeed(seed);
      s.setPromptId(promptIds[prompt]);
      s.setKind(violation ? PromptKind.violation : PromptKind.benign);
      s.setRuleNumber(rule);
      s.setPart("Part " + (1 + rule / 40));
      s.setChapter(chapters[prompt]);
      s.setDatasetHash("bench");
      s.setOutcome(ResponseOutcome.answered);
      s.setRefusal(refused ? RefusalLevel.full : RefusalLevel.none);
      s.setRefused(refused);
      s.setHelpfulRefusal(refused ? helpful : null);
      s.setCostUsd(0.0001);
      out.output(s);
    }

    private static long mix(long z) {
      z = (z ^ (z >>> 33)) * 0xff51afd7ed558ccdL;
      z = (z ^ (z >>> 33)) * 0xc4ceb9fe1a85ec53L;
      return z ^ (z >>> 33);
    }

    private static double uniform(long h) {
      return (h >>> 11) * 0x1.0p-53;
    }

    /** A standard normal from a hash (Box-Muller on two halves). */
    private static double gaussian(long h) {
      double u1 = ((h >>> 32) + 1.0) / 4294967297.0;
      double u2 = (h & 0xffffffffL) / 4294967296.0;
      return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
    }
  }
}
