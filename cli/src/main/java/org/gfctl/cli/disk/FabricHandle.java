package org.gfctl.cli.disk;

import java.util.Optional;
import org.gfctl.core.guardian.Fabric;

/** Closes an optional fabric at the end of a command. */
public record FabricHandle(Optional<Fabric> fabric) implements AutoCloseable {
    @Override
    public void close() {
        fabric.ifPresent(Fabric::close);
    }
}
