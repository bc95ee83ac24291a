package org.gfctl.core.shield;

import java.util.ArrayList;
import java.util.List;

/** Per-worker cipher instances (each holding a copy of the key), wiped together when the run ends. */
final class WorkerKeys implements AutoCloseable {
    private final List<AutoCloseable> keys = new ArrayList<>();

    synchronized <T extends AutoCloseable> T add(T key) {
        keys.add(key);
        return key;
    }

    @Override
    public synchronized void close() {
        for (AutoCloseable k : keys) {
            try {
                k.close();
            } catch (Exception ignored) {
                // Wiping cannot fail in a way the caller could act on.
            }
        }
        keys.clear();
    }
}
