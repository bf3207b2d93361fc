package org.ihlbench.pipeline.run;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.MatchResult;
import org.apache.beam.sdk.io.fs.MoveOptions;
import org.apache.beam.sdk.io.fs.ResourceId;
import org.ihlbench.transforms.io.Folder;
import org.ihlbench.transforms.io.RunDirectory;

/**
 * A run folder ({@code <output>/runs/<run_id>/}) while one run, dry run or rejudge writes it:
 * owned through its {@link RunLock}, written into {@code .staging-<attempt>/} inside it, and
 * committed when the pipeline is done: the earlier attempt's files are deleted (run.json first,
 * so that no reader takes a half-replaced folder for a finished run), each staged file is renamed
 * into place, and the staging folder (with the temporary folders Beam's writers leave) is
 * removed. A resumed run therefore replaces what an earlier attempt wrote instead of adding
 * shards beside it. The response store is not in the run folder and is not touched.
 */
public final class RunFolder implements AutoCloseable {
  static final String STAGING_PREFIX = ".staging-";
  /** Beam's file writers keep their temporary files in folders named so. */
  private static final String BEAM_TEMP = ".temp-beam";

  private final Folder folder;
  private final RunLock lock;
  private final Folder staging;
  private boolean committed;

  private RunFolder(Folder folder, RunLock lock) {
    this.folder = folder;
    this.lock = lock;
    this.staging = Folder.at(folder.file(STAGING_PREFIX + lock.attempt()));
  }

  /**
   * Takes the run folder for this process: refuses with {@link RunFolderInUseException} while
   * another live run holds it, fails with {@link OutputNotWritableException} when it cannot be
   * written, and clears the staging folders of attempts that died.
   */
  static RunFolder claim(String runDir, String runId, String command, Consumer<String> warnings)
      throws IOException {
    RunLock lock;
    try {
      lock = RunLock.acquire(runDir, RunLock.Owner.current(runId, command), warnings);
    } catch (IOException e) {
      throw OutputNotWritableException.of(runDir, e);
    }
    RunFolder run = new RunFolder(Folder.at(runDir), lock);
    try {
      for (Folder dead : run.stagingFolders()) {
        dead.deleteAll();
      }
      if (run.folder.isLocal()) {
        Files.createDirectories(run.staging.localPath());
      }
    } catch (IOException e) {
      run.close();
      throw OutputNotWritableException.of(runDir, e);
    }
    return run;
  }

  /** Where the pipeline writes this attempt's files. */
  public String staging() {
    return staging.path();
  }

  /** The run folder itself. */
  public String path() {
    return folder.path();
  }

  /**
   * Replaces the folder's files with the staged ones (see the class comment); returns how many
   * files of an earlier attempt were deleted or replaced.
   */
  int commit() throws IOException {
    if (lock.lost() || !lock.holds()) {
      throw new RunFolderInUseException("run folder " + folder.path() + " was taken over by"
          + " another run while this one wrote it; nothing was replaced (this attempt's files"
          + " are in " + staging.path() + ")");
    }
    List<String> staged = relative(staging, staging.files("**"));
    List<String> earlier = new ArrayList<>();
    for (String name : relative(folder, folder.files("**"))) {
      if (!name.startsWith(STAGING_PREFIX) && !name.startsWith(RunLock.FILE)) {
        earlier.add(name);
      }
    }
    // run.json first: without it the folder reads as an unfinished run, never a mixed one.
    if (earlier.contains(RunDirectory.MANIFEST)) {
      FileSystems.delete(List.of(folder.resource(RunDirectory.MANIFEST)),
          MoveOptions.StandardMoveOptions.IGNORE_MISSING_FILES);
    }
    Set<String> replaced = new LinkedHashSet<>(staged);
    List<ResourceId> gone = new ArrayList<>();
    for (String name : earlier) {
      if (!name.equals(RunDirectory.MANIFEST) && !replaced.contains(name)) {
        gone.add(folder.resource(name));
      }
    }
    FileSystems.delete(gone, MoveOptions.StandardMoveOptions.IGNORE_MISSING_FILES);
    List<ResourceId> from = new ArrayList<>();
    List<ResourceId> to = new ArrayList<>();
    for (String name : staged) {
      from.add(staging.resource(name));
      to.add(folder.resource(name));
    }
    if (!from.isEmpty()) {
      FileSystems.rename(from, to);
    }
    staging.deleteAll();
    removeEmptyFolders();
    committed = true;
    return earlier.size();
  }

  /** Gives up the folder: an attempt that did not commit leaves nothing behind but its lock's release. */
  @Override
  public void close() throws IOException {
    try {
      if (!committed && lock.holds()) {
        staging.deleteAll();
      }
    } finally {
      lock.close();
    }
  }

  /** The files' paths relative to {@code base}, leaving out Beam's temporary folders. */
  private static List<String> relative(Folder base, List<MatchResult.Metadata> files) {
    String prefix = base.path() + "/";
    List<String> out = new ArrayList<>();
    for (MatchResult.Metadata m : files) {
      String name = m.resourceId().toString();
      if (base.isLocal()) {
        name = base.localPath().relativize(Path.of(name)).toString().replace('\\', '/');
      } else if (name.startsWith(prefix)) {
        name = name.substring(prefix.length());
      } else {
        continue;
      }
      boolean temporary = false;
      for (String segment : name.split("/")) {
        temporary |= segment.startsWith(BEAM_TEMP);
      }
      if (!temporary) {
        out.add(name);
      }
    }
    return out;
  }

  /** Staging folders of other attempts (which died: this one holds the lock). */
  private List<Folder> stagingFolders() throws IOException {
    Set<String> names = new LinkedHashSet<>();
    if (folder.isLocal()) {
      Path dir = folder.localPath();
      if (Files.isDirectory(dir)) {
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir, STAGING_PREFIX + "*")) {
          s.forEach(p -> names.add(p.getFileName().toString()));
        }
      }
    } else {
      String prefix = folder.path() + "/";
      for (MatchResult.Metadata m : folder.files(STAGING_PREFIX + "*/**")) {
        String rest = m.resourceId().toString().substring(prefix.length());
        names.add(rest.substring(0, rest.indexOf('/')));
      }
    }
    names.remove(STAGING_PREFIX + lock.attempt());
    List<Folder> out = new ArrayList<>();
    names.forEach(n -> out.add(Folder.at(folder.file(n))));
    return out;
  }

  /** Folders an earlier attempt (or Beam's writers) left empty, on the local disk. */
  private void removeEmptyFolders() throws IOException {
    if (!folder.isLocal()) {
      return; // object stores have no folders
    }
    Path root = folder.localPath();
    List<Path> dirs;
    try (Stream<Path> walk = Files.walk(root)) {
      dirs = walk.filter(Files::isDirectory).filter(d -> !d.equals(root))
          .sorted(Comparator.reverseOrder()).toList();
    }
    for (Path d : dirs) {
      try (Stream<Path> entries = Files.list(d)) {
        if (entries.findAny().isEmpty()) {
          Files.delete(d);
        }
      }
    }
  }
}
