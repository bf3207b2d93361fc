package org.ihlbench.pipeline.cli;

import org.ihlbench.simulator.SimulatorMain;

/** {@code ihlbench simulator}: the provider simulator, until killed. */
public final class SimulatorCommand implements Command {
  @Override
  public String name() {
    return "simulator";
  }

  @Override
  public String usage() {
    return "simulator --profile FILE [--port N] [--port-file FILE]";
  }

  @Override
  public ExitCode execute(String[] args) throws Exception {
    SimulatorMain.main(args);
    return ExitCode.OK;
  }
}
