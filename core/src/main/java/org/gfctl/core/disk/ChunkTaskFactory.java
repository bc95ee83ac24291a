package org.gfctl.core.disk;

/** Creates one {@link ChunkTask} per worker thread. */
@FunctionalInterface
public interface ChunkTaskFactory {
    ChunkTask newTask() throws Exception;
}
