package com.cxoneflows.simulator.contact;

import com.cxoneflows.simulator.SimulatorContext;

import java.util.function.Supplier;

/** What every open contact stream shares: the simulator, the world it reads, the pending faults, the counters, the live configuration. */
record StreamEnvironment(SimulatorContext sim, ContactWorld world, StreamFaults faults, StreamStats stats,
                         Supplier<StreamConfig> config) {
}
