package org.gfctl.core.disk;

/**
 * Work done on one chunk by one worker thread (encrypt and hash, verify and decrypt, ...).
 *
 * <p>Each worker gets its own instance from a {@link ChunkTaskFactory}, so implementations may
 * keep thread-confined state (a {@code Cipher}, a {@code MessageDigest}) without locking.
 */
@FunctionalInterface
public interface ChunkTask {

    /**
     * Processes chunk {@code index}, whose bytes are {@code buf[0, len)}; {@code buf} is zero-filled
     * after {@code len} up to the next multiple of 512 and may be modified in place.
     *
     * @param offset the chunk's byte offset relative to the start of the region
     */
    void process(long index, long offset, byte[] buf, int len) throws Exception;
}
