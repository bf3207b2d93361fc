package org.ihlbench.transforms.expand;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.ihlbench.records.Prompt;

/** The variants ihlbench knows, by name. */
public final class Variants {
  private Variants() {}

  /** The prompt exactly as written. */
  public static final class Plain implements Variant {
    private static final long serialVersionUID = 1L;

    @Override
    public String name() {
      return "plain";
    }

    @Override
    public String version() {
      return "1";
    }

    @Override
    public String render(Prompt prompt) {
      return prompt.getText();
    }
  }

  private static final Map<String, Supplier<Variant>> KNOWN = known();

  private static Map<String, Supplier<Variant>> known() {
    // In the order usage and error messages list them.
    Map<String, Supplier<Variant>> m = new LinkedHashMap<>();
    m.put("plain", Plain::new);
    m.put("code", CodeTask::new);
    m.put("technical", TechnicalFraming::new);
    m.put("roleplay", Roleplay::new);
    return m;
  }

  public static Variant named(String name) {
    Supplier<Variant> v = KNOWN.get(name);
    if (v == null) {
      throw new IllegalArgumentException(
          "unknown variant '" + name + "'; known variants: " + List.copyOf(KNOWN.keySet()));
    }
    return v.get();
  }

  public static List<String> names() {
    return List.copyOf(KNOWN.keySet());
  }
}
