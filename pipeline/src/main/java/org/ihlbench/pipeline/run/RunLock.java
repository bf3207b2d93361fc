package org.ihlbench.pipeline.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.MoveOptions;
import org.apache.beam.sdk.util.MimeTypes;
import org.ihlbench.transforms.io.Folder;

/**
 * Who is writing a run folder: {@code _lock.json} in it names the owner (host, PID and the
 * process's start time, the run id, an attempt id, when it started) and a heartbeat it renews
 * every {@link #HEARTBEAT}. A second run for the same folder is refused while the owner lives:
 * on this host, while its process (the same PID with the same start time) exists; from another
 * host, while its heartbeat is younger than {@link #STALE_AFTER}. A lock whose owner is gone (a
 * run killed with SIGKILL leaves one) is taken over with a warning.
 *
 * <p>On the local disk the lock is created atomically (a hard link to a written file fails when
 * the lock exists), and a stale one is moved aside atomically before it is replaced, so of two
 * runs that race, one wins. Beam's file systems offer no create-if-absent for object stores
 * (gs://): there the lock is written, left to settle for {@link #SETTLE}, and read back; the run
 * holds it only if it still names this attempt. Two runs that start within the same instant
 * could both read back their own lock only if the store showed them different contents, which
 * GCS's strongly consistent reads do not; the commit checks the lock again before it replaces
 * any file.
 */
final class RunLock implements AutoCloseable {
  static final String FILE = "_lock.json";
  static final Duration HEARTBEAT = Duration.ofSeconds(30);
  /** A lock from another host whose heartbeat is older than this is taken over. */
  static final Duration STALE_AFTER = Duration.ofMinutes(10);
  /** An object-store lock is read back this long after it is written. */
  static final Duration SETTLE = Duration.ofSeconds(2);
  private static final ObjectMapper JSON = new ObjectMapper();

  /** The process holding (or asking for) a lock. */
  record Owner(String runId, String command, String attempt, String host, long pid,
      String processStart, Instant startedAt, Instant heartbeatAt) {

    static Owner current(String runId, String command) {
      ProcessHandle me = ProcessHandle.current();
      Instant now = Instant.now();
      return new Owner(runId, command, UUID.randomUUID().toString().substring(0, 8), RunLock.host(),
          me.pid(), me.info().startInstant().map(Instant::toString).orElse(""), now, now);
    }

    Owner beating(Instant at) {
      return new Owner(runId, command, attempt, host, pid, processStart, startedAt, at);
    }

    String json() {
      ObjectNode n = JSON.createObjectNode();
      n.put("run_id", runId);
      n.put("command", command);
      n.put("attempt", attempt);
      n.put("host", host);
      n.put("pid", pid);
      n.put("process_start", processStart);
      n.put("started_at", startedAt.toString());
      n.put("heartbeat_at", heartbeatAt.toString());
      return n.toPrettyString() + "\n";
    }

    static Owner parse(String text) throws IOException {
      JsonNode n = JSON.readTree(text);
      if (n == null || !n.isObject() || !n.hasNonNull("attempt") || !n.hasNonNull("host")) {
        throw new IOException("not a lock file");
      }
      return new Owner(n.path("run_id").asText(""), n.path("command").asText(""),
          n.path("attempt").asText(), n.path("host").asText(), n.path("pid").asLong(-1),
          n.path("process_start").asText(""), Instant.parse(n.path("started_at").asText()),
          Instant.parse(n.path("heartbeat_at").asText()));
    }

    /** For messages: who and since when. */
    String describe() {
      return "run " + runId + " (" + command + ", host " + host + ", pid " + pid + ", started "
          + startedAt + ", last heartbeat " + heartbeatAt + ")";
    }
  }

  /** Whether the owner named in a lock is still running, as far as this process can tell. */
  interface Liveness {
    boolean alive(Owner owner, Instant now);
  }

  /** The rule of the class comment: a process on this host, a heartbeat from elsewhere. */
  static final Liveness PROCESSES = (owner, now) -> {
    if (owner.host().equals(host())) {
      Optional<ProcessHandle> p = ProcessHandle.of(owner.pid());
      if (p.isEmpty() || !p.get().isAlive()) {
        return false;
      }
      // A PID the system gave to another process since is not the owner.
      String start = p.get().info().startInstant().map(Instant::toString).orElse("");
      return owner.processStart().isEmpty() || start.isEmpty()
          || owner.processStart().equals(start);
    }
    return Duration.between(owner.heartbeatAt(), now).compareTo(STALE_AFTER) < 0;
  };

  private final Folder folder;
  private final boolean atomic;
  private final Duration settle;
  private volatile Owner owner;
  private volatile boolean lost;
  private ScheduledExecutorService heartbeat;

  private RunLock(Folder folder, Owner owner, boolean atomic, Duration settle) {
    this.folder = folder;
    this.owner = owner;
    this.atomic = atomic;
    this.settle = settle;
  }

  /**
   * Takes the run folder's lock for {@code me}, creating the folder, and starts the heartbeat.
   *
   * @throws RunFolderInUseException when a live run holds it
   * @throws IOException when the folder cannot be written (the first write of a run, so this is
   *     where an unwritable output shows)
   */
  static RunLock acquire(String runDir, Owner me, Consumer<String> warnings) throws IOException {
    RunLock lock = acquire(runDir, me, PROCESSES, Folder.isLocal(runDir), SETTLE, warnings);
    lock.startHeartbeat();
    return lock;
  }

  /** The same, with the liveness rule and the kind of file system given (for tests). */
  static RunLock acquire(String runDir, Owner me, Liveness liveness, boolean atomic,
      Duration settle, Consumer<String> warnings) throws IOException {
    RunLock lock = new RunLock(Folder.at(runDir), me, atomic, settle);
    for (int attempt = 0; attempt < 5; attempt++) {
      Optional<Held> held = lock.read();
      if (held.isPresent()) {
        Owner other = held.get().owner();
        if (other == null) {
          throw new RunFolderInUseException("run folder " + lock.folder.path() + " has a lock file ("
              + FILE + ") that cannot be read; if no run is writing the folder, delete it");
        }
        if (liveness.alive(other, Instant.now())) {
          throw new RunFolderInUseException("run folder " + lock.folder.path()
              + " is being written by " + other.describe() + "; wait for it to finish or give"
              + " another --runId");
        }
        if (!lock.setAside(held.get())) {
          continue; // another run moved it first: look again
        }
        warnings.accept("run folder " + lock.folder.path() + ": taking it over from "
            + other.describe() + ", which is no longer running");
      }
      if (lock.create()) {
        return lock;
      }
    }
    throw new RunFolderInUseException("run folder " + lock.folder.path() + " is being claimed by"
        + " other runs at the same time; try again");
  }

  /** A lock file as found: its owner (null when it cannot be read) and its text. */
  private record Held(Owner owner, String text) {}

  private Optional<Held> read() throws IOException {
    Optional<String> text = readText();
    if (text.isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(new Held(Owner.parse(text.get()), text.get()));
    } catch (IOException | RuntimeException e) {
      return Optional.of(new Held(null, text.get()));
    }
  }

  private Optional<String> readText() throws IOException {
    if (atomic) {
      Path file = localFile();
      try {
        return Optional.of(Files.readString(file, StandardCharsets.UTF_8));
      } catch (NoSuchFileException e) {
        return Optional.empty();
      }
    }
    if (!folder.has(FILE)) {
      return Optional.empty();
    }
    try (InputStream in = Channels.newInputStream(FileSystems.open(folder.resource(FILE)))) {
      return Optional.of(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (java.io.FileNotFoundException | NoSuchFileException e) {
      return Optional.empty();
    }
  }

  /**
   * Moves a stale lock out of the way; false when it was no longer there or had changed (another
   * run took it over first).
   */
  private boolean setAside(Held stale) throws IOException {
    if (!atomic) {
      // Overwritten by create(); the read-back there decides who holds it.
      return true;
    }
    Path file = localFile();
    Path aside = file.resolveSibling(FILE + ".stale-" + owner.attempt());
    try {
      Files.move(file, aside, StandardCopyOption.ATOMIC_MOVE);
    } catch (NoSuchFileException e) {
      return false;
    }
    String moved = Files.readString(aside, StandardCharsets.UTF_8);
    if (!moved.equals(stale.text())) {
      // Between reading and moving, another run replaced it: put its lock back.
      try {
        Files.createLink(file, aside);
      } catch (FileAlreadyExistsException ignored) {
        // A third run holds it now; either way it is not ours.
      }
      Files.deleteIfExists(aside);
      return false;
    }
    Files.delete(aside);
    return true;
  }

  /** Writes the lock if there is none (atomically on the local disk); true when it is ours. */
  private boolean create() throws IOException {
    if (atomic) {
      Path file = localFile();
      Files.createDirectories(file.getParent());
      Path written = file.resolveSibling(FILE + ".new-" + owner.attempt());
      Files.writeString(written, owner.json(), StandardCharsets.UTF_8);
      try {
        Files.createLink(file, written);
        return true;
      } catch (FileAlreadyExistsException e) {
        return false;
      } catch (UnsupportedOperationException e) {
        // A file system without hard links: create-if-absent, then the content.
        try {
          Files.createFile(file);
        } catch (FileAlreadyExistsException taken) {
          return false;
        }
        Files.writeString(file, owner.json(), StandardCharsets.UTF_8);
        return true;
      } finally {
        Files.deleteIfExists(written);
      }
    }
    writeObject(owner.json());
    sleep(settle);
    return holds();
  }

  private void writeObject(String text) throws IOException {
    try (OutputStream out = Channels.newOutputStream(
        FileSystems.create(folder.resource(FILE), MimeTypes.TEXT))) {
      out.write(text.getBytes(StandardCharsets.UTF_8));
    }
  }

  /** Whether the lock file still names this attempt. */
  boolean holds() throws IOException {
    Optional<Held> now = read();
    return now.isPresent() && now.get().owner() != null
        && now.get().owner().attempt().equals(owner.attempt());
  }

  /** The attempt this lock was taken for. */
  String attempt() {
    return owner.attempt();
  }

  /** Whether a heartbeat found the lock in another run's hands. */
  boolean lost() {
    return lost;
  }

  private void startHeartbeat() {
    heartbeat = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "run-folder-heartbeat");
      t.setDaemon(true);
      return t;
    });
    long every = HEARTBEAT.toMillis();
    heartbeat.scheduleWithFixedDelay(this::beat, every, every, TimeUnit.MILLISECONDS);
  }

  /** Renews the heartbeat, unless another run has taken the lock over. */
  void beat() {
    try {
      if (!holds()) {
        lost = true;
        heartbeat.shutdown();
        return;
      }
      owner = owner.beating(Instant.now());
      if (atomic) {
        Path file = localFile();
        Path written = file.resolveSibling(FILE + ".beat-" + owner.attempt());
        Files.writeString(written, owner.json(), StandardCharsets.UTF_8);
        Files.move(written, file, StandardCopyOption.ATOMIC_MOVE,
            StandardCopyOption.REPLACE_EXISTING);
      } else {
        writeObject(owner.json());
      }
    } catch (IOException | RuntimeException e) {
      // A missed beat only makes the lock look older to other hosts; the next one may succeed.
    }
  }

  /** Stops the heartbeat and removes the lock, if it is still this attempt's. */
  @Override
  public void close() throws IOException {
    if (heartbeat != null) {
      heartbeat.shutdownNow();
    }
    if (holds()) {
      if (atomic) {
        Files.deleteIfExists(localFile());
      } else {
        FileSystems.delete(List.of(folder.resource(FILE)),
            MoveOptions.StandardMoveOptions.IGNORE_MISSING_FILES);
      }
    }
  }

  private Path localFile() {
    return folder.localPath().resolve(FILE);
  }

  private static void sleep(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** This machine's name, as the kernel has it (no DNS lookup), else as Java has it. */
  static String host() {
    try {
      Path proc = Path.of("/proc/sys/kernel/hostname");
      if (Files.isReadable(proc)) {
        String name = Files.readString(proc, StandardCharsets.UTF_8).strip();
        if (!name.isEmpty()) {
          return name;
        }
      }
      return InetAddress.getLocalHost().getHostName();
    } catch (IOException | RuntimeException e) {
      return "unknown-host";
    }
  }
}
