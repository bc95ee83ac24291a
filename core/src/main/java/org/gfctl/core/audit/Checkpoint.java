package org.gfctl.core.audit;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import org.bouncycastle.crypto.digests.SHA384Digest;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.crypto.signers.StandardDSAEncoding;
import org.bouncycastle.crypto.util.PublicKeyFactory;
import org.gfctl.core.guardian.KeyEntry;
import org.gfctl.core.internal.BouncyCastle;
import org.gfctl.core.keys.Certificates;
import org.gfctl.core.merkle.MerkleHash;

/**
 * A signed tree head: checkpoint number, tree size, RFC 6962 root and time, signed by the
 * guardian's audit key.
 *
 * <p>The signed message is a small text note in the spirit of the C2SP tlog-checkpoint format
 * (RFC 9162 §4.10 signs the same facts in binary): an origin line, then number, size, base64 root
 * and time, each on its own line. The number is signed so that a deleted checkpoint leaves a gap
 * that cannot be renumbered away. ECDSA P-384 keys sign with SHA-384 (RSA keys imported into a
 * guardian key store with SHA-384 PKCS#1 v1.5).
 *
 * <p>A chained checkpoint ({@value #ORIGIN_CHAINED}) also signs {@link #prev()}: the
 * {@link #chainDigest()} of the checkpoint before it, which the guardian checked when it signed
 * this one. The newest valid signature then vouches for the exact stored form of every earlier
 * checkpoint down the chain (docs/audit.md, "Checkpoint chain").
 */
public final class Checkpoint {
    /** The first line of every signed checkpoint note. */
    public static final String ORIGIN = "gfctl-audit-checkpoint/v1";
    /** The first line of a checkpoint that also signs its predecessor's digest. */
    public static final String ORIGIN_CHAINED = "gfctl-audit-checkpoint/v2";
    private final long number;
    private final long treeSize;
    private final byte[] root;
    private final String time;
    private final byte[] signature;
    private final String signer;
    /** The {@link #chainDigest()} of checkpoint {@code number - 1}, or null (not chained). */
    private final byte[] prev;

    private Checkpoint(long number, long treeSize, byte[] root, String time, byte[] signature, String signer, byte[] prev) {
        this.number = number;
        this.treeSize = treeSize;
        this.root = root;
        this.time = time;
        this.signature = signature;
        this.signer = signer;
        this.prev = prev;
    }

    /** Signs checkpoint {@code number} of the tree of {@code treeSize} leaves with root {@code root}, not chained. */
    public static Checkpoint sign(long number, long treeSize, byte[] root, Instant time, KeyEntry key) {
        return sign(number, treeSize, root, time, key, null);
    }

    /**
     * Signs checkpoint {@code number}, chained to {@code prev} (the {@link #chainDigest()} of checkpoint
     * {@code number - 1}) unless that is null. Package-private: a link vouches for its predecessor
     * without a check of its own, so only {@link AuditLog#append}, which has just checked the
     * predecessor's signature, signs one.
     */
    static Checkpoint sign(long number, long treeSize, byte[] root, Instant time, KeyEntry key, byte[] prev) {
        String t = AuditEntry.formatTime(time);
        checkFields(number, treeSize, root, prev);
        try {
            String algorithm = algorithm(key.privateKey());
            Signature s = key.provider() == null ? Signature.getInstance(algorithm)
                    : Signature.getInstance(algorithm, key.provider());
            s.initSign(key.privateKey());
            s.update(note(number, treeSize, root, t, prev));
            return new Checkpoint(number, treeSize, root.clone(), t, s.sign(), Certificates.fingerprint(key.certificate()),
                    prev == null ? null : prev.clone());
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot sign an audit checkpoint with " + key + ": " + e.getMessage(), e);
        }
    }

    /** A checkpoint as stored or received, not chained; its signature is checked by {@link #signedBy}. */
    public static Checkpoint of(long number, long treeSize, byte[] root, String time, byte[] signature, String signer) {
        return of(number, treeSize, root, time, signature, signer, null);
    }

    /** A checkpoint as stored or received, chained to {@code prev} unless it is null. */
    public static Checkpoint of(long number, long treeSize, byte[] root, String time, byte[] signature, String signer,
            byte[] prev) {
        checkFields(number, treeSize, root, prev);
        if (time == null || signature == null || signer == null) {
            throw new IllegalArgumentException("audit checkpoint " + number + " lacks its time, signature or signer");
        }
        return new Checkpoint(number, treeSize, root.clone(), time, signature.clone(), signer,
                prev == null ? null : prev.clone());
    }

    /** Whether {@code certificate}'s key made this signature over this checkpoint (and its fingerprint is the signer's). */
    public boolean signedBy(X509Certificate certificate) {
        return new SignatureCheck(certificate).test(this);
    }

    /**
     * Checks many checkpoints against one audit certificate with one verifier and the certificate's
     * fingerprint computed once. Not thread-safe.
     *
     * <p>Verification uses Bouncy Castle: only public data is involved, and on JDK 17 its P-384
     * ECDSA verification is several times faster than SunEC's (docs/audit.md "Benchmark"), which
     * matters with a checkpoint per command. Signing stays with the key's own provider. EC keys go
     * straight to BC's ECDSA engine (SHA-384, DER signature decoded strictly), the same one its
     * JCA provider's SHA384withECDSA runs, without that provider: building the provider and
     * converting the key through it cost ~0.4 s of a fresh JVM (every {@code gfctl audit verify}),
     * the engine ~0.1 s. RSA keys still go through the provider.
     */
    static final class SignatureCheck {
        private final String fingerprint;
        private final PublicKey key;
        private ECDSASigner ecdsa;
        private final SHA384Digest sha384 = new SHA384Digest();
        private final byte[] hash = new byte[sha384.getDigestSize()];
        private Signature verifier;

        SignatureCheck(X509Certificate certificate) {
            this.fingerprint = Certificates.fingerprint(certificate);
            this.key = certificate.getPublicKey();
        }

        boolean test(Checkpoint k) {
            if (!k.signer.equals(fingerprint)) {
                return false;
            }
            if ("EC".equals(key.getAlgorithm())) {
                return ecdsa(k);
            }
            try {
                if (verifier == null) {
                    verifier = Signature.getInstance(algorithm(key), BouncyCastle.PROVIDER);
                    verifier.initVerify(key);
                }
                verifier.update(k.note());
                return verifier.verify(k.signature);
            } catch (GeneralSecurityException | IllegalArgumentException e) {
                verifier = null;
                return false;
            }
        }

        /** SHA384withECDSA as BC's provider does it: strict DER (r, s) against the key's order, then ECDSA. */
        private boolean ecdsa(Checkpoint k) {
            if (ecdsa == null) {
                try {
                    ECDSASigner s = new ECDSASigner();
                    s.init(false, PublicKeyFactory.createKey(key.getEncoded()));
                    ecdsa = s;
                } catch (IOException | RuntimeException e) {
                    return false; // a key BC cannot use, as the provider's initVerify would refuse it
                }
            }
            byte[] note = k.note();
            sha384.update(note, 0, note.length);
            sha384.doFinal(hash, 0);
            BigInteger[] rs;
            try {
                rs = StandardDSAEncoding.INSTANCE.decode(ecdsa.getOrder(), k.signature);
            } catch (IOException | RuntimeException e) {
                // Not a DER SEQUENCE of two INTEGERs in 1..n-1, exactly encoded (a SET, say, is a
                // ClassCastException): the provider turns any exception here into "error decoding signature bytes".
                return false;
            }
            return ecdsa.verifySignature(hash, rs[0], rs[1]);
        }
    }

    public long number() {
        return number;
    }

    public long treeSize() {
        return treeSize;
    }

    public byte[] root() {
        return root.clone();
    }

    /** The signed time, ISO-8601 UTC with milliseconds. */
    public String time() {
        return time;
    }

    /** The DER-encoded signature. */
    public byte[] signature() {
        return signature.clone();
    }

    /** SHA-256 fingerprint of the signing certificate, lowercase hex. */
    public String signer() {
        return signer;
    }

    /** The {@link #chainDigest()} of the checkpoint before this one that this one signs, or null. */
    public byte[] prev() {
        return prev == null ? null : prev.clone();
    }

    /** Whether this checkpoint signs {@code earlier}'s stored form as its predecessor. */
    boolean chainsTo(Checkpoint earlier) {
        return prev != null && earlier.number == number - 1 && MessageDigest.isEqual(prev, earlier.chainDigest());
    }

    /**
     * SHA-256 over everything stored of this checkpoint: the signed note, the signature and the
     * signer's fingerprint, each preceded by its length (4 bytes, big-endian). The next checkpoint
     * signs it as its {@link #prev()}.
     */
    public byte[] chainDigest() {
        MessageDigest d = MerkleHash.sha256();
        for (byte[] part : new byte[][] {note(), signature, signer.getBytes(StandardCharsets.UTF_8)}) {
            d.update(java.nio.ByteBuffer.allocate(4).putInt(part.length).array());
            d.update(part);
        }
        return d.digest();
    }

    /** The exact bytes that are signed. */
    public byte[] note() {
        return note(number, treeSize, root, time, prev);
    }

    private static byte[] note(long number, long treeSize, byte[] root, String time, byte[] prev) {
        String fields = number + "\n" + treeSize + "\n" + Base64.getEncoder().encodeToString(root) + "\n" + time + "\n";
        return (prev == null ? ORIGIN + "\n" + fields
                : ORIGIN_CHAINED + "\n" + fields + Base64.getEncoder().encodeToString(prev) + "\n")
                .getBytes(StandardCharsets.UTF_8);
    }

    private static void checkFields(long number, long treeSize, byte[] root, byte[] prev) {
        if (number < 0 || treeSize < 0) {
            throw new IllegalArgumentException("audit checkpoint number and size must be >= 0, not " + number + " and "
                    + treeSize);
        }
        if (root == null || root.length != MerkleHash.SIZE) {
            throw new IllegalArgumentException("audit checkpoint root must be " + MerkleHash.SIZE + " bytes");
        }
        if (prev != null && (prev.length != MerkleHash.SIZE || number == 0)) {
            throw new IllegalArgumentException("audit checkpoint " + number + ": its predecessor's digest must be "
                    + MerkleHash.SIZE + " bytes, and checkpoint 0 has none");
        }
    }

    private static String algorithm(java.security.Key key) {
        return switch (key.getAlgorithm()) {
            case "EC" -> "SHA384withECDSA";
            case "RSA" -> "SHA384withRSA";
            default -> throw new IllegalArgumentException("audit keys must be EC or RSA, not " + key.getAlgorithm());
        };
    }

    @Override
    public String toString() {
        return "Checkpoint[" + number + ", size=" + treeSize + ", root=" + HexFormat.of().formatHex(root) + ", " + time + "]";
    }
}
