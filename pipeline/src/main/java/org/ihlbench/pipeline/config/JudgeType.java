package org.ihlbench.pipeline.config;

import java.nio.file.Path;
import java.util.Map;
import org.ihlbench.transforms.providers.Endpoint;

/**
 * A type of judge a panel may hold ({@code type:} in the config), registered in
 * {@link JudgeTypes}: it reads its own entry of {@code judges.panel} into a {@link JudgeSpec}.
 *
 * @param name the config's {@code type:} value
 * @param parser reads one entry of that type
 */
public record JudgeType(String name, Parser parser) {

  /** Reads one panel entry of a type; errors name the file and the field. */
  @FunctionalInterface
  public interface Parser {
    JudgeSpec parse(ConfigNode entry, Context context);
  }

  /**
   * What an entry may need beyond itself: the config's folder (for files it names), the
   * environment (for {@code ${VAR}} in URLs), and the rate-limit buckets the panel's judges
   * have claimed so far (judges that share one must give it the same limits).
   */
  public record Context(Path dir, Map<String, String> env, Map<String, Endpoint> buckets) {}
}
