package org.gfctl.core.disk.internal;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.nio.ByteBuffer;

/**
 * Unmaps a {@link java.nio.MappedByteBuffer} now instead of at some later GC.
 *
 * <p>Without it, every window of a multi-GiB image stays mapped (and counted in RSS) until the
 * collector finds the buffer unreachable, which with a small heap may be never during the run.
 * Uses {@code sun.misc.Unsafe.invokeCleaner} (module jdk.unsupported, available on JDK 9+), as
 * Lucene does; if unavailable, falls back to leaving it to the GC.
 */
public final class Unmapper {
    private static final Object UNSAFE;
    private static final Method INVOKE_CLEANER;

    static {
        Object unsafe = null;
        Method invoke = null;
        try {
            Class<?> c = Class.forName("sun.misc.Unsafe");
            Field f = c.getDeclaredField("theUnsafe");
            f.setAccessible(true);
            unsafe = f.get(null);
            invoke = c.getMethod("invokeCleaner", ByteBuffer.class);
        } catch (ReflectiveOperationException | RuntimeException e) {
            unsafe = null;
            invoke = null;
        }
        UNSAFE = unsafe;
        INVOKE_CLEANER = invoke;
    }

    private Unmapper() {}

    /** Unmaps {@code buffer}; it must not be used afterwards by anyone. */
    public static void unmap(ByteBuffer buffer) {
        if (INVOKE_CLEANER == null || !buffer.isDirect()) {
            return;
        }
        try {
            INVOKE_CLEANER.invoke(UNSAFE, buffer);
        } catch (ReflectiveOperationException | RuntimeException e) {
            // Leave it to the GC.
        }
    }
}
