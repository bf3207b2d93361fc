package org.ihlbench.pipeline;

import org.junit.BeforeClass;

/**
 * The demo end to end on Flink's embedded cluster ({@code --flinkMaster=[local]}) with
 * parallelism 2, so shuffles really cross subtasks.
 */
public class EndToEndFlinkTest extends EndToEndChecks {
  @BeforeClass
  public static void run() throws Exception {
    runner = "FlinkRunner";
    runTheDemo("flink-e2e", "--runner=FlinkRunner", "--flinkMaster=[local]", "--parallelism=2");
  }
}
