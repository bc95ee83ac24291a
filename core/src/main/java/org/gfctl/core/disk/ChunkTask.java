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

    /**
     * Processes chunk {@code index}, whose bytes are {@code window[at, at+len)} of the mapped input,
     * with {@code buf} (the worker's chunk-sized array) to work in. By default the bytes are copied
     * into {@code buf}, zero-filled up to the next multiple of 512, and given to {@link #process};
     * a task that can read the window itself overrides this and saves that copy. The window is
     * read-only and valid only during the call (it is unmapped after its last chunk): read it with
     * absolute gets, never keep it, and leave its position, limit and byte order alone (the other
     * chunks of the window are read from it too). Reading it faults (an {@link InternalError}) if
     * the file shrinks meanwhile; the engine reports that.
     */
    default void processMapped(long index, long offset, java.nio.ByteBuffer window, int at, byte[] buf, int len)
            throws Exception {
        window.get(at, buf, 0, len);
        int padded = (len + 511) & ~511;
        if (padded > len) {
            java.util.Arrays.fill(buf, len, padded, (byte) 0);
        }
        process(index, offset, buf, len);
    }
}
