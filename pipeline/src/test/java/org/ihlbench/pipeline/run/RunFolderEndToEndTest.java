package org.ihlbench.pipeline.run;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.avro.generic.GenericRecord;
import org.ihlbench.pipeline.DemoFixture;
import org.ihlbench.pipeline.IhlBench;
import org.ihlbench.pipeline.cli.ExitCode;
import org.ihlbench.records.JudgedSample;
import org.ihlbench.simulator.Simulator;
import org.ihlbench.transforms.io.ParquetFiles;
import org.ihlbench.transforms.io.RunDirectory;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.ClassRule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * The run folder under the mistakes users make, end to end on the simulator: the same run id
 * again (the documented way to resume) after an attempt that wrote a different number of shards
 * leaves exactly one row per sample; an output path with pattern characters ({@code [v2]},
 * {@code {a,b}}) reads its response store back, so a second run calls no one; a run folder that
 * another live run holds is refused before any call; command-line mistakes and an output that
 * cannot be written are one line each, with exit 2 and 1.
 */
public class RunFolderEndToEndTest {
  @ClassRule public static final TemporaryFolder TMP = new TemporaryFolder();
  /** 36 starter prompts x 2 models x 2 conditions x 1 seed. */
  private static final int SAMPLES = 144;

  static Simulator sim;
  static Path config;
  /** An output whose path Beam's FileSystems.match would read as a pattern. */
  static Path out;

  @BeforeClass
  public static void start() throws Exception {
    sim = DemoFixture.startSimulator();
    config = DemoFixture.demoConfig(TMP.getRoot().toPath(), sim, "seeds: [1, 2, 3]", "seeds: [1]");
    out = TMP.getRoot().toPath().resolve("results [v2] {a,b}");
  }

  @AfterClass
  public static void stop() {
    sim.close();
  }

  private static ExitCode run(String runId) throws Exception {
    return IhlBench.execute(new String[] {"run", "--config=" + config, "--output=" + out,
        "--runId=" + runId, "--progressSeconds=0"});
  }

  private static List<Path> files(Path dir, String glob) throws Exception {
    List<Path> out = new ArrayList<>();
    try (DirectoryStream<Path> s = Files.newDirectoryStream(dir, glob)) {
      s.forEach(out::add);
    }
    return out;
  }

  private static List<String> parquetSampleIds(Path runDir) throws Exception {
    List<String> ids = new ArrayList<>();
    for (Path f : files(runDir, "judged_samples-*.parquet")) {
      for (GenericRecord r : ParquetFiles.read(
          org.apache.beam.sdk.io.FileSystems.matchNewResource(f.toString(), false))) {
        ids.add(r.get("sample_id").toString());
      }
    }
    return ids;
  }

  @Test
  public void resumingWithTheSameRunIdReplacesTheEarlierAttemptAndReadsTheStoreBack()
      throws Exception {
    Path runDir = out.resolve("runs/r1");
    long before = DemoFixture.modelCalls(sim);
    assertEquals(ExitCode.OK, run("r1"));
    assertEquals(SAMPLES, DemoFixture.modelCalls(sim) - before);

    // An earlier attempt with another shard count: its shards have names this run's will not
    // overwrite (the runner picks the count), which is how a folder came to hold 864 rows for
    // 432 samples.
    int i = 0;
    for (Path f : files(runDir, "judged_samples-*")) {
      String ext = f.toString().endsWith(".avro") ? ".avro" : ".parquet";
      Files.move(f, runDir.resolve(String.format("judged_samples-%05d-of-00009%s", i++, ext)));
    }
    assertTrue(i >= 2);

    before = DemoFixture.modelCalls(sim);
    assertEquals(ExitCode.OK, run("r1"));
    assertEquals("every answer came from the store under the literal path", 0,
        DemoFixture.modelCalls(sim) - before);

    List<JudgedSample> avro = DemoFixture.judgedSamples(runDir);
    assertEquals(SAMPLES, avro.size());
    Set<String> distinct = new HashSet<>();
    avro.forEach(j -> distinct.add(j.getSample().getSampleId().toString()));
    assertEquals(SAMPLES, distinct.size());
    List<String> parquet = parquetSampleIds(runDir);
    assertEquals(SAMPLES, parquet.size());
    assertEquals(distinct, new HashSet<>(parquet));
    assertTrue("the earlier attempt's shards are gone",
        files(runDir, "judged_samples-*-of-00009.*").isEmpty());

    JsonNode m = DemoFixture.manifest(runDir);
    assertEquals(SAMPLES, m.at("/counts/from_store").asLong());
    assertEquals(SAMPLES, m.at("/balance/judged_samples_out").asLong());
    assertEquals(SAMPLES, m.at("/balance/judged_rows_out").asLong());
    assertTrue(m.at("/balance").toString(), m.at("/balance/balanced").asBoolean());

    // No lock, no staging folder, no empty temporary folder is left in the run folder.
    try (Stream<Path> walk = Files.walk(runDir)) {
      List<String> leftovers = walk.map(p -> runDir.relativize(p).toString())
          .filter(n -> n.startsWith(".") || n.contains("/.") || n.contains(RunLock.FILE))
          .toList();
      assertEquals(List.of(), leftovers);
    }

    // The balance reads the folder back: a shard that should not be there shows.
    Path extra = runDir.resolve("judged_samples-00099-of-00100.avro");
    Files.copy(files(runDir, "judged_samples-*.avro").get(0), extra);
    RunDirectory.Written doubled = RunDirectory.at(runDir.toString()).written();
    assertTrue(doubled.judgedAvro() > SAMPLES);
    Files.delete(extra);

    // Another run id on the same literal path: nothing is paid again, and trend sees both.
    before = DemoFixture.modelCalls(sim);
    assertEquals(ExitCode.OK, run("r2"));
    assertEquals(0, DemoFixture.modelCalls(sim) - before);
    assertEquals(ExitCode.OK, IhlBench.execute(new String[] {"trend", "--output=" + out}));
    JsonNode alerts = new ObjectMapper().readTree(out.resolve("trend/alerts.json").toFile());
    assertEquals("[\"r1\",\"r2\"]", alerts.get("runs").toString());
  }

  /** What a command printed on stderr, and its exit code. */
  private record Ran(ExitCode exit, String stderr) {}

  private static Ran capture(String... args) throws Exception {
    PrintStream saved = System.err;
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    System.setErr(new PrintStream(bytes, true, StandardCharsets.UTF_8));
    try {
      ExitCode exit = IhlBench.execute(args);
      return new Ran(exit, bytes.toString(StandardCharsets.UTF_8));
    } finally {
      System.setErr(saved);
    }
  }

  /** The command's own line: exactly one line, and no stack trace anywhere. */
  private static String oneLine(Ran ran, String startsWith) {
    assertFalse(ran.stderr(), ran.stderr().contains("\tat "));
    assertFalse(ran.stderr(), ran.stderr().contains("Exception"));
    List<String> mine = ran.stderr().lines().filter(l -> l.startsWith(startsWith)).toList();
    assertEquals(ran.stderr(), 1, mine.size());
    return mine.get(0);
  }

  @Test
  public void aFolderAnotherLiveRunHoldsIsRefusedBeforeAnyCall() throws Exception {
    Path runDir = out.resolve("runs/held");
    Files.createDirectories(runDir);
    RunLock.Owner other = RunLock.Owner.current("held", "run");
    Files.writeString(runDir.resolve(RunLock.FILE), other.json(), StandardCharsets.UTF_8);
    long before = sim.stats().answered();
    Ran ran = capture("run", "--config=" + config, "--output=" + out, "--runId=held",
        "--progressSeconds=0");
    assertEquals(ExitCode.USAGE, ran.exit());
    String line = oneLine(ran, "run folder ");
    assertTrue(line, line.contains("is being written by run held (run, host " + RunLock.host()
        + ", pid " + ProcessHandle.current().pid()));
    assertEquals(0, sim.stats().answered() - before);
    assertEquals("the holder's lock is left alone", other.json(),
        Files.readString(runDir.resolve(RunLock.FILE)));
    assertEquals(List.of(RunLock.FILE), Files.list(runDir).map(p -> p.getFileName().toString())
        .toList());
  }

  @Test
  public void commandLineMistakesAreOneLineAndExitTwo() throws Exception {
    Ran bogus = capture("run", "--config=" + config, "--bogusFlag=1");
    assertEquals(ExitCode.USAGE, bogus.exit());
    assertEquals("run: unknown option --bogusFlag (usage: ihlbench help)",
        oneLine(bogus, "run:"));

    Ran notANumber = capture("run", "--config=" + config, "--progressSeconds=abc");
    assertEquals(ExitCode.USAGE, notANumber.exit());
    assertEquals("run: --progressSeconds: 'abc' is not a whole number (usage: ihlbench help)",
        oneLine(notANumber, "run:"));

    Ran noOutput = capture("trend");
    assertEquals(ExitCode.USAGE, noOutput.exit());
    assertEquals("trend: --output is required (usage: ihlbench help)",
        oneLine(noOutput, "trend:"));
  }

  @Test
  public void anOutputThatCannotBeWrittenIsOneLineNamingItBeforeAnyCall() throws Exception {
    Path file = TMP.newFile("not-a-folder").toPath();
    long before = sim.stats().answered();
    Ran ran = capture("run", "--config=" + config, "--output=" + file, "--runId=x",
        "--progressSeconds=0");
    assertEquals(ExitCode.FAILED, ran.exit());
    String line = oneLine(ran, "cannot write to ");
    assertTrue(line, line.startsWith("cannot write to " + file + "/runs/x: "));
    assertEquals(0, sim.stats().answered() - before);
    assertEquals("the file in the way is untouched", 0, Files.size(file));
  }
}
