package org.ihlbench.transforms.io;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.apache.avro.Schema;
import org.apache.avro.file.DataFileStream;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificRecord;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.MatchResult;
import org.apache.beam.sdk.io.fs.ResourceId;
import org.ihlbench.records.JudgedSample;
import org.ihlbench.records.ModelSpend;
import org.ihlbench.records.SummaryRow;

/**
 * A finished run's directory ({@code <output>/runs/<run_id>/}, on any Beam file system), read
 * back in the driver as the records it was written from: every after-run reader (the manifest,
 * the spend, the printed tables, the report, calibration, trend) goes through here rather than
 * opening files by name.
 *
 * <p>Tables are read by column name into the generated record classes, so a run written before
 * a column existed still reads: a column it lacks takes the schema's default, or zero (a
 * summary without {@code clusters} reads 0, "not counted"). A table the run did not write reads
 * as empty.
 */
public final class RunDirectory {
  /** The manifest, which the driver writes once the pipeline is done. */
  public static final String MANIFEST = "run.json";
  /** The judged samples, nested (Avro), in shards. */
  public static final String JUDGED_AVRO = "judged_samples-*.avro";
  /** The judged samples, one flat row each (Parquet), in shards. */
  public static final String JUDGED_PARQUET = "judged_samples-*.parquet";
  private static final ObjectMapper JSON = new ObjectMapper();

  /** The directory, its path taken literally (see {@link Folder}). */
  private final Folder folder;

  private RunDirectory(String dir) {
    this.folder = Folder.at(dir);
  }

  public static RunDirectory at(String runDir) {
    return new RunDirectory(runDir);
  }

  /** The directory, without a trailing slash. */
  public String path() {
    return folder.path();
  }

  /** A file of the run. */
  public String file(String name) {
    return folder.file(name);
  }

  /**
   * Whether the run has a file matching {@code names} (a name, or a name pattern such as
   * {@code *.avro}; the directory's own path is never a pattern).
   */
  public boolean has(String names) throws IOException {
    return !folder.files(names).isEmpty();
  }

  /** run.json; empty when the run has none (it did not finish). */
  public Optional<JsonNode> manifest() throws IOException {
    if (!folder.has(MANIFEST)) {
      return Optional.empty();
    }
    try (InputStream in = Channels.newInputStream(FileSystems.open(folder.resource(MANIFEST)))) {
      return Optional.of(JSON.readTree(in));
    }
  }

  public List<SummaryRow> summary() throws IOException {
    return table(WriteRun.SUMMARY);
  }

  /** A table the run wrote under {@code tag}, as its records. */
  public <T extends SpecificRecord> List<T> table(TableTag<T> tag) throws IOException {
    List<T> out = new ArrayList<>();
    for (GenericRecord r : rows(tag.name())) {
      out.add(specific(r, tag.schema()));
    }
    return out;
  }

  /**
   * A table's rows as they are in the file, whatever their columns: for readers that show a
   * table as it is (the report's tables of another version).
   */
  public List<GenericRecord> rows(String table) throws IOException {
    List<GenericRecord> out = new ArrayList<>();
    for (MatchResult.Metadata m : folder.files(table + ".parquet")) {
      out.addAll(ParquetFiles.read(m.resourceId()));
    }
    return out;
  }

  /** Spend per model (_spend.jsonl), sorted by model. */
  public List<ModelSpend> spend() throws IOException {
    List<ModelSpend> models = new ArrayList<>();
    for (JsonNode n : jsonLines(WriteRun.SPEND_FILE)) {
      models.add(ModelSpend.newBuilder()
          .setModel(n.path("model").asText())
          .setSamples(n.path("samples").asLong())
          .setCalls(n.path("calls").asLong())
          .setFromStore(n.path("from_store").asLong())
          .setErrors(n.path("errors").asLong())
          .setBudgetSkipped(n.path("budget_skipped").asLong())
          .setPromptTokens(n.path("prompt_tokens").asLong())
          .setCompletionTokens(n.path("completion_tokens").asLong())
          .setCostUsd(n.path("cost_usd").asDouble())
          .setBatchedCalls(n.path("batched_calls").asLong())
          .build());
    }
    models.sort(Comparator.comparing(ModelSpend::getModel));
    return models;
  }

  /** What the counts file (_counts.tsv) holds: counts by name, and samples by model and version. */
  public record Counts(Map<String, Long> counts, Map<String, Map<String, Long>> modelVersions) {}

  /** The counts in and out the Write stage left for the manifest. */
  public Counts counts() throws IOException {
    Map<String, Long> counts = new TreeMap<>();
    Map<String, Map<String, Long>> versions = new TreeMap<>();
    if (!folder.has(WriteRun.COUNTS_FILE)) {
      throw new java.io.FileNotFoundException(file(WriteRun.COUNTS_FILE) + " does not exist");
    }
    for (String line : lines(folder.resource(WriteRun.COUNTS_FILE))) {
      String[] kv = line.split("\t");
      if (kv.length == 2) {
        counts.merge(kv[0], Long.parseLong(kv[1].trim()), Long::sum);
      } else if (kv.length == 4 && kv[0].equals(WriteRun.MODEL_VERSION)) {
        versions.computeIfAbsent(kv[1], k -> new TreeMap<>())
            .merge(kv[2], Long.parseLong(kv[3].trim()), Long::sum);
      }
    }
    return new Counts(counts, versions);
  }

  /** Calls {@code each} for every judged sample of the run; returns how many there were. */
  public long judgedSamples(Consumer<JudgedSample> each) throws IOException {
    List<MatchResult.Metadata> files = folder.files(JUDGED_AVRO);
    if (files.isEmpty()) {
      throw new IOException(folder.path() + " holds no " + JUDGED_AVRO + "; give the directory of a"
          + " finished run (e.g. out/runs/RUN_ID)");
    }
    long n = 0;
    for (MatchResult.Metadata m : files) {
      try (InputStream in = Channels.newInputStream(FileSystems.open(m.resourceId()));
          DataFileStream<JudgedSample> stream =
              new DataFileStream<>(in, new SpecificDatumReader<>(JudgedSample.class))) {
        for (JudgedSample j : stream) {
          each.accept(j);
          n++;
        }
      }
    }
    return n;
  }

  /**
   * What the directory holds now, counted by reading it back rather than taken from what the
   * pipeline meant to write: judged samples in the Avro and in the Parquet shards, dead letters
   * and call-error lines. A run folder that also held an earlier attempt's shards would count
   * them too, which is how run.json's balance notices a doubled folder.
   */
  public record Written(long judgedAvro, long judgedParquet, long deadLetters, long callErrors) {}

  public Written written() throws IOException {
    long avro = 0;
    for (MatchResult.Metadata m : folder.files(JUDGED_AVRO)) {
      avro += avroRecords(m.resourceId());
    }
    long parquet = 0;
    for (MatchResult.Metadata m : folder.files(JUDGED_PARQUET)) {
      parquet += ParquetFiles.rowCount(m);
    }
    return new Written(avro, parquet, lineCount(DEAD_LETTERS), lineCount(CALL_ERRORS));
  }

  /** The dead letters of the prompt set's rejected rows. */
  public static final String DEAD_LETTERS = "errors/dead_letters.jsonl";
  /** Calls that failed: the models' and the judges'. */
  public static final String CALL_ERRORS = "errors/call_errors.jsonl";

  /** Records in an Avro file, counted block by block without decoding them. */
  private static long avroRecords(ResourceId file) throws IOException {
    long n = 0;
    try (InputStream in = Channels.newInputStream(FileSystems.open(file));
        DataFileStream<GenericRecord> stream =
            new DataFileStream<>(in, new org.apache.avro.generic.GenericDatumReader<>())) {
      while (stream.hasNext()) {
        n += stream.getBlockCount();
        stream.nextBlock();
      }
    }
    return n;
  }

  private long lineCount(String name) throws IOException {
    long n = 0;
    for (MatchResult.Metadata m : folder.files(name)) {
      for (String line : lines(m.resourceId())) {
        if (!line.isBlank()) {
          n++;
        }
      }
    }
    return n;
  }

  /** Every JSON line of the run's files matching {@code names} (none when nothing matches). */
  public List<JsonNode> jsonLines(String names) throws IOException {
    List<JsonNode> out = new ArrayList<>();
    for (MatchResult.Metadata m : folder.files(names)) {
      for (String line : lines(m.resourceId())) {
        if (!line.isBlank()) {
          out.add(JSON.readTree(line));
        }
      }
    }
    return out;
  }

  private static List<String> lines(ResourceId file) throws IOException {
    List<String> out = new ArrayList<>();
    try (BufferedReader r = new BufferedReader(new InputStreamReader(
        Channels.newInputStream(FileSystems.open(file)), StandardCharsets.UTF_8))) {
      for (String line = r.readLine(); line != null; line = r.readLine()) {
        out.add(line);
      }
    }
    return out;
  }

  /** A row read by column name into its record class (see the class comment for missing ones). */
  @SuppressWarnings("unchecked")
  static <T extends SpecificRecord> T specific(GenericRecord row, Schema schema) {
    SpecificData data = SpecificData.get();
    T out = (T) data.newRecord(null, schema);
    for (Schema.Field f : schema.getFields()) {
      Schema.Field had = row.getSchema().getField(f.name());
      Object value = had != null ? row.get(had.pos())
          : f.hasDefaultValue() ? data.getDefaultValue(f) : null;
      if (value != null) {
        out.put(f.pos(), data.deepCopy(f.schema(), value));
      }
    }
    return out;
  }
}
