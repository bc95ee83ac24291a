package org.gfctl.core.disk;

/** Receives progress of long disk work; called from one thread, a few times per second. */
@FunctionalInterface
public interface Progress {
    Progress NONE = (done, total) -> {};

    /** {@code done} of {@code total} bytes processed so far. */
    void update(long done, long total);
}
