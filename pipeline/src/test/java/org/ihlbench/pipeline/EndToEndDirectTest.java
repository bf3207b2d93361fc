package org.ihlbench.pipeline;

import org.junit.BeforeClass;

/** The demo end to end on the Direct runner. */
public class EndToEndDirectTest extends EndToEndChecks {
  @BeforeClass
  public static void run() throws Exception {
    runner = "DirectRunner";
    runTheDemo("direct-e2e", "--runner=DirectRunner");
  }
}
