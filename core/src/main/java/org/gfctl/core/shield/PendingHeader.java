package org.gfctl.core.shield;

import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.gfctl.core.Bug;
import org.gfctl.core.internal.Futures;
import org.gfctl.core.luks.LuksFormatter;
import org.gfctl.core.secret.Secret;

/**
 * The LUKS header region of a new volume key, made on another thread while the payload is
 * encrypted: keyslot 0's PBKDF2 and anti-forensic split need only the keys, and the payload offset
 * is known before the header is ({@link LuksFormatter#payloadSectors}).
 *
 * <p>{@link #close()} waits for the formatter whatever happened, so that the caller's
 * try-with-resources never wipes the keys under it.
 */
final class PendingHeader implements AutoCloseable {
    private final CompletableFuture<byte[]> region;
    private final long payloadOffset;

    private PendingHeader(CompletableFuture<byte[]> region, long payloadOffset) {
        this.region = region;
        this.payloadOffset = payloadOffset;
    }

    /** Starts formatting a header for {@code volumeKey}, opened by {@code unlock} in keyslot 0. */
    static PendingHeader start(Secret volumeKey, UUID uuid, Secret unlock) {
        return new PendingHeader(CompletableFuture.supplyAsync(() -> ShieldService.newHeader(volumeKey, uuid, unlock)),
                LuksFormatter.payloadSectors(volumeKey.length()) * 512L);
    }

    /** Where the payload starts: the length of the region. */
    long payloadOffset() {
        return payloadOffset;
    }

    /** Rethrows the formatter's failure if it already failed (a disk pass's watch). */
    void failFast() {
        Futures.failFast(region);
    }

    /** The header region, once made. */
    byte[] await() {
        byte[] r = Futures.await(region);
        if (r.length != payloadOffset) {
            throw new Bug("LUKS header of " + r.length + " bytes, payload offset " + payloadOffset);
        }
        return r;
    }

    @Override
    public void close() {
        Futures.settle(region);
    }
}
