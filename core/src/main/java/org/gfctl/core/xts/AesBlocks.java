package org.gfctl.core.xts;

import java.security.GeneralSecurityException;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.crypto.CryptoServicesRegistrar;
import org.bouncycastle.crypto.MultiBlockCipher;
import org.bouncycastle.crypto.NativeServices;
import org.bouncycastle.crypto.engines.AESEngine;
import org.bouncycastle.crypto.params.KeyParameter;
import org.gfctl.core.Bug;

/**
 * AES over whole 16-byte blocks, many per call: the block cipher under {@link XtsEngine}.
 *
 * <p>Two implementations. Bouncy Castle LTS's native AES (AES-NI, or VAES where the CPU has it)
 * runs ECB over a batch with many blocks in flight, 10+ GB/s per core on this project's machine;
 * it is used when BC reports its native {@code AES/ECB} service enabled. Otherwise JCE: ECB for
 * encryption (HotSpot's intrinsic, one block per call on CPUs without AVX-512) and CBC for
 * decryption (see {@link XtsEngine}). {@link #chained()} tells the engine which one it has.
 * Neither key schedule can be wiped: both live inside the provider.
 */
interface AesBlocks {
    /** Transforms {@code len} bytes (whole blocks) of {@code in} into {@code out}. */
    void process(byte[] in, int inOff, int len, byte[] out, int outOff);

    /** Whether outputs are CBC-chained (JCE decryption): {@code O_i = D(Y_i) xor Y_(i-1)}. */
    boolean chained();

    /** The implementation in use for new engines: {@code "bc-native-<variant>"} or {@code "jce"}. */
    static String implementation() {
        return Native.AVAILABLE ? "bc-native-" + CryptoServicesRegistrar.getNativeServices().getVariant() : "jce";
    }

    /**
     * AES keyed with {@code len} bytes of {@code key} at {@code off}, encrypting or decrypting;
     * native when available and {@code allowNative} (tests turn it off to cover the JCE path).
     */
    static AesBlocks create(byte[] key, int off, int len, boolean encrypt, boolean allowNative) {
        if (allowNative && Native.AVAILABLE) {
            return Native.create(key, off, len, encrypt);
        }
        return Jce.create(key, off, len, encrypt);
    }

    /** Bouncy Castle LTS's native ECB. */
    final class Native implements AesBlocks {
        /** Set once per JVM: BC probes the CPU and loads its library on first use. */
        static final boolean AVAILABLE = probe();
        private final MultiBlockCipher cipher;

        private Native(MultiBlockCipher cipher) {
            this.cipher = cipher;
        }

        private static boolean probe() {
            try {
                return CryptoServicesRegistrar.isNativeEnabled()
                        && CryptoServicesRegistrar.getNativeServices().hasService(NativeServices.AES_ECB);
            } catch (LinkageError | RuntimeException e) {
                return false; // no native library for this platform: the JCE path is always there
            }
        }

        static Native create(byte[] key, int off, int len, boolean encrypt) {
            MultiBlockCipher aes = AESEngine.newInstance();
            byte[] k = Arrays.copyOfRange(key, off, off + len);
            try {
                aes.init(encrypt, new KeyParameter(k));
            } finally {
                Arrays.fill(k, (byte) 0);
            }
            return new Native(aes);
        }

        @Override
        public void process(byte[] in, int inOff, int len, byte[] out, int outOff) {
            cipher.processBlocks(in, inOff, len / 16, out, outOff);
        }

        @Override
        public boolean chained() {
            return false;
        }
    }

    /** JCE: ECB to encrypt, CBC to decrypt. */
    final class Jce implements AesBlocks {
        private final Cipher cipher;
        private final boolean cbc;

        private Jce(Cipher cipher, boolean cbc) {
            this.cipher = cipher;
            this.cbc = cbc;
        }

        static Jce create(byte[] key, int off, int len, boolean encrypt) {
            try {
                SecretKeySpec k = new SecretKeySpec(key, off, len, "AES");
                if (encrypt) {
                    Cipher ecb = Cipher.getInstance("AES/ECB/NoPadding");
                    ecb.init(Cipher.ENCRYPT_MODE, k);
                    return new Jce(ecb, false);
                }
                Cipher cbc = Cipher.getInstance("AES/CBC/NoPadding");
                cbc.init(Cipher.DECRYPT_MODE, k, new IvParameterSpec(new byte[16]));
                return new Jce(cbc, true);
            } catch (GeneralSecurityException e) {
                throw new Bug("AES/ECB and AES/CBC without padding are required of every Java platform", e);
            }
        }

        @Override
        public void process(byte[] in, int inOff, int len, byte[] out, int outOff) {
            try {
                int n = cipher.update(in, inOff, len, out, outOff);
                if (n != len) {
                    throw new Bug("AES returned " + n + " bytes for " + len);
                }
            } catch (GeneralSecurityException e) {
                throw new Bug("output range was checked before the batch", e);
            }
        }

        @Override
        public boolean chained() {
            return cbc;
        }
    }
}
