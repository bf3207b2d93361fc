package org.ihlbench.pipeline.run;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The version of ihlbench that made a run: the build's version and, when known, its commit. */
public final class CodeVersion {
  private static final String VALUE = load();

  private CodeVersion() {}

  public static String get() {
    return VALUE;
  }

  private static String load() {
    Properties p = new Properties();
    try (InputStream in = CodeVersion.class.getResourceAsStream("/ihlbench-build.properties")) {
      if (in != null) {
        p.load(in);
      }
    } catch (IOException ignored) {
      // an unknown version is reported as such
    }
    String version = p.getProperty("version", "unknown");
    String commit = p.getProperty("commit", "");
    return commit.isBlank() || commit.startsWith("$") ? version : version + "+" + commit;
  }
}
