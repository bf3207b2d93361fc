package org.ihlbench.pipeline.run;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * One run at a time per run folder, and a committed folder holds exactly one attempt's files.
 * The lock's rules: a live owner on this host (its PID, with its start time) or a fresh
 * heartbeat from another host refuses; a dead or silent owner is taken over with a warning.
 */
public class RunFolderTest {
  @Rule public final TemporaryFolder tmp = new TemporaryFolder();
  private final List<String> warnings = new ArrayList<>();
  private Path runDir;

  @Before
  public void setUp() {
    FileSystems.setDefaultPipelineOptions(PipelineOptionsFactory.create());
    runDir = tmp.getRoot().toPath().resolve("out [v2]/runs/r1");
  }

  private RunLock.Owner owner(String host, long pid, String processStart, Instant heartbeat) {
    return new RunLock.Owner("r1", "run", "a" + pid + heartbeat.getEpochSecond() % 1000, host,
        pid, processStart, heartbeat.minusSeconds(60), heartbeat);
  }

  private void plant(RunLock.Owner other) throws Exception {
    Files.createDirectories(runDir);
    Files.writeString(runDir.resolve(RunLock.FILE), other.json(), StandardCharsets.UTF_8);
  }

  private RunLock acquire() throws Exception {
    return RunLock.acquire(runDir.toString(), RunLock.Owner.current("r1", "run"),
        RunLock.PROCESSES, true, Duration.ZERO, warnings::add);
  }

  private static String processStart(ProcessHandle p) {
    return p.info().startInstant().map(Instant::toString).orElse("");
  }

  @Test
  public void aLiveProcessOnThisHostHoldsTheFolder() throws Exception {
    ProcessHandle me = ProcessHandle.current();
    plant(owner(RunLock.host(), me.pid(), processStart(me), Instant.now()));
    RunFolderInUseException e = assertThrows(RunFolderInUseException.class, this::acquire);
    assertTrue(e.getMessage(), e.getMessage().contains("is being written by run r1 (run, host "
        + RunLock.host() + ", pid " + me.pid()));
    assertTrue(e.getMessage().contains("give another --runId"));
  }

  @Test
  public void aDeadProcessOnThisHostIsTakenOverWithAWarning() throws Exception {
    Process p = new ProcessBuilder("true").start();
    p.waitFor();
    String start = processStart(p.toHandle());
    plant(owner(RunLock.host(), p.pid(), start, Instant.now()));
    try (RunLock lock = acquire()) {
      assertTrue(lock.holds());
      assertEquals(1, warnings.size());
      assertTrue(warnings.get(0), warnings.get(0).contains("taking it over from run r1"));
      assertTrue(warnings.get(0).contains("which is no longer running"));
    }
    assertFalse("released", Files.exists(runDir.resolve(RunLock.FILE)));
  }

  @Test
  public void aReusedPidIsNotTheOwner() throws Exception {
    // This process's PID, but another process start: the owner died and the PID came back.
    ProcessHandle me = ProcessHandle.current();
    plant(owner(RunLock.host(), me.pid(), "2001-01-01T00:00:00Z", Instant.now()));
    try (RunLock lock = acquire()) {
      assertTrue(lock.holds());
    }
  }

  @Test
  public void anotherHostHoldsItWhileItsHeartbeatIsFresh() throws Exception {
    plant(owner("some-other-host", 12345, "", Instant.now().minusSeconds(60)));
    assertThrows(RunFolderInUseException.class, this::acquire);
    plant(owner("some-other-host", 12345, "",
        Instant.now().minus(RunLock.STALE_AFTER).minusSeconds(1)));
    try (RunLock lock = acquire()) {
      assertTrue(lock.holds());
      assertTrue(warnings.get(0).contains("host some-other-host"));
    }
  }

  @Test
  public void aLockThatCannotBeReadIsNotOverwritten() throws Exception {
    Files.createDirectories(runDir);
    Files.writeString(runDir.resolve(RunLock.FILE), "{not json");
    RunFolderInUseException e = assertThrows(RunFolderInUseException.class, this::acquire);
    assertTrue(e.getMessage(), e.getMessage().contains("cannot be read"));
  }

  @Test
  public void ofTwoClaimsOnlyOneWins() throws Exception {
    try (RunLock first = acquire()) {
      assertThrows(RunFolderInUseException.class, this::acquire);
      assertTrue(first.holds());
      first.beat(); // the heartbeat renews the lock it holds
      assertTrue(first.holds());
      assertFalse(first.lost());
    }
    try (RunLock again = acquire()) {
      assertTrue("free again once released", again.holds());
    }
  }

  @Test
  public void onAnObjectStoreTheLockIsReadBackAfterItSettles() throws Exception {
    // Written and read back through Beam's file systems, as on gs://, on a local folder.
    RunLock.Owner me = RunLock.Owner.current("r1", "run");
    try (RunLock lock = RunLock.acquire(runDir.toString(), me, RunLock.PROCESSES, false,
        Duration.ofMillis(50), warnings::add)) {
      assertTrue(lock.holds());
      assertEquals(me.attempt(), new ObjectMapper()
          .readTree(runDir.resolve(RunLock.FILE).toFile()).get("attempt").asText());
      assertThrows(RunFolderInUseException.class, () -> RunLock.acquire(runDir.toString(),
          RunLock.Owner.current("r1", "run"), RunLock.PROCESSES, false, Duration.ZERO,
          warnings::add));
      // Another writer that got in after us (the race the read-back is for): we lose it.
      Files.writeString(runDir.resolve(RunLock.FILE),
          owner("elsewhere", 1, "", Instant.now()).json());
      assertFalse(lock.holds());
      lock.beat();
      assertTrue("a heartbeat notices", lock.lost());
    }
    assertTrue("a lock that is not ours is left alone", Files.exists(runDir.resolve(RunLock.FILE)));
  }

  private static List<String> files(Path dir) throws Exception {
    try (Stream<Path> walk = Files.walk(dir)) {
      return walk.filter(Files::isRegularFile).map(f -> dir.relativize(f).toString()).sorted()
          .toList();
    }
  }

  private static void write(Path file) throws Exception {
    Files.createDirectories(file.getParent());
    Files.writeString(file, file.getFileName().toString());
  }

  @Test
  public void aCommitLeavesExactlyThisAttemptsFiles() throws Exception {
    // What an earlier attempt left: four shards, its manifest, a dead attempt's staging folder
    // and the empty temporary folder Beam's writers leave.
    for (String f : List.of("judged_samples-00000-of-00004.avro",
        "judged_samples-00003-of-00004.avro", "summary.parquet", "run.json",
        "errors/call_errors.jsonl", ".staging-deadbeef/summary.parquet")) {
      write(runDir.resolve(f));
    }
    Files.createDirectories(runDir.resolve(".temp-beam"));
    try (RunFolder folder = RunFolder.claim(runDir.toString(), "r1", "run", warnings::add)) {
      assertFalse("a dead attempt's staging is cleared", Files.exists(runDir.resolve(
          ".staging-deadbeef")));
      Path staging = Path.of(folder.staging());
      assertTrue(staging.startsWith(runDir));
      write(staging.resolve("judged_samples-00000-of-00002.avro"));
      write(staging.resolve("judged_samples-00001-of-00002.avro"));
      write(staging.resolve("summary.parquet"));
      write(staging.resolve("errors/dead_letters.jsonl"));
      write(staging.resolve(".temp-beam/1234/partial.avro"));
      assertEquals("run.json, summary, 2 shards and call_errors of the earlier attempt", 5,
          folder.commit());
      assertEquals(List.of(RunLock.FILE, "errors/dead_letters.jsonl",
          "judged_samples-00000-of-00002.avro", "judged_samples-00001-of-00002.avro",
          "summary.parquet"), files(runDir));
    }
    assertEquals("no lock, no staging, no empty folder", List.of("errors",
        "judged_samples-00000-of-00002.avro", "judged_samples-00001-of-00002.avro",
        "summary.parquet"), Files.list(runDir).map(p -> p.getFileName().toString()).sorted()
        .toList());
  }

  @Test
  public void anAttemptThatFailsLeavesTheEarlierFilesAndNoStaging() throws Exception {
    write(runDir.resolve("summary.parquet"));
    write(runDir.resolve("run.json"));
    try (RunFolder folder = RunFolder.claim(runDir.toString(), "r1", "run", warnings::add)) {
      write(Path.of(folder.staging()).resolve("judged_samples-00000-of-00001.avro"));
      // no commit: the pipeline failed
    }
    assertEquals(List.of("run.json", "summary.parquet"), files(runDir));
  }

  @Test
  public void anUnwritableOutputIsOneLineNamingThePath() throws Exception {
    Path file = tmp.newFile("a-file").toPath();
    OutputNotWritableException e = assertThrows(OutputNotWritableException.class,
        () -> RunFolder.claim(file.resolve("runs/r1").toString(), "r1", "run", warnings::add));
    assertTrue(e.getMessage(), e.getMessage().startsWith("cannot write to " + file
        + "/runs/r1: "));
    assertEquals(1, e.getMessage().lines().count());
  }

  @Test
  public void theBalanceComparesTheCountsWithWhatTheFolderHolds() {
    java.util.Map<String, Long> counts = java.util.Map.of("prompts", 36L, "rows_rejected", 2L,
        "samples", 144L, "judged_samples", 144L);
    ObjectMapper json = new ObjectMapper();
    assertTrue(RunManifest.putBalance(json.createObjectNode(), counts,
        new org.ihlbench.transforms.io.RunDirectory.Written(144, 144, 2, 0)));
    // An earlier attempt's shards beside this one's: the pipeline's counts still say 144.
    var doubled = json.createObjectNode();
    assertFalse(RunManifest.putBalance(doubled, counts,
        new org.ihlbench.transforms.io.RunDirectory.Written(288, 288, 2, 0)));
    assertEquals(288, doubled.at("/balance/judged_rows_out").asLong());
    assertFalse(doubled.at("/balance/balanced").asBoolean(true));
    assertFalse("Parquet alone doubled", RunManifest.putBalance(json.createObjectNode(), counts,
        new org.ihlbench.transforms.io.RunDirectory.Written(144, 288, 2, 0)));
    assertFalse("a dead letter missing", RunManifest.putBalance(json.createObjectNode(), counts,
        new org.ihlbench.transforms.io.RunDirectory.Written(144, 144, 1, 0)));
  }
}
