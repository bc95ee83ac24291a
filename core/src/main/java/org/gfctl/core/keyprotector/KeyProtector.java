package org.gfctl.core.keyprotector;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;
import org.gfctl.core.Bug;
import org.gfctl.core.IntegrityException;
import org.gfctl.core.InvalidFormatException;
import org.gfctl.core.KeyRefusedException;
import org.gfctl.core.NotFoundException;
import org.gfctl.core.internal.AtomicFiles;
import org.gfctl.core.internal.AtomicFiles.Existing;
import org.gfctl.core.secret.Secret;

/**
 * A key protector ({@code <image>.kp}): a volume's unlock secret wrapped to each key holder, plus
 * the volume's metadata and integrity manifest, signed together.
 *
 * <p>Block 1 is a CMS AuthEnvelopedData (RFC 5083) any recipient opens with {@code openssl cms
 * -decrypt}; block 2 is a CMS SignedData (RFC 5652 §5) over a JSON document that includes the
 * SHA-256 of block 1, so neither block can be swapped or altered without {@link
 * #verifySignature()} noticing. The format is specified in docs/key-protector.md. Values are
 * immutable; {@link #toString()} names the volume and recipients, never a secret.
 */
public final class KeyProtector {
    /**
     * Larger files are refused unread: a key protector is PEM text, ~46 bytes per 1 MiB chunk of its
     * image plus a few KiB (so 256 MiB covers images of over 5 TiB), and the image next to it is not.
     */
    private static final long MAX_FILE_SIZE = 256L << 20;
    /** What a key protector needs at most per integrity-manifest leaf, and besides its leaves. */
    static final int BYTES_PER_LEAF = 48;
    static final int BYTES_BESIDES_LEAVES = 1 << 20;
    /**
     * The most chunks a key protector gfctl can read back may cover: shield-vm and rotate-key refuse
     * larger images before any work rather than write a key protector that {@link #read} refuses.
     */
    public static final long MAX_CHUNKS = (MAX_FILE_SIZE - BYTES_BESIDES_LEAVES) / BYTES_PER_LEAF - 1;
    private static final Pattern UNLOCK_SECRET = Pattern.compile("[A-Za-z0-9_-]{43}");

    private final byte[] envelope;
    private final SignedMetadata signed;
    private final MetadataDocument document;

    private KeyProtector(byte[] envelope, SignedMetadata signed, MetadataDocument document) {
        this.envelope = envelope;
        this.signed = signed;
        this.document = document;
    }

    /**
     * Wraps {@code unlockSecret} to every certificate in {@code recipients} and signs it with
     * {@code metadata}; to rewrap, call again with the same secret and metadata and a new list.
     */
    public static KeyProtector create(Secret unlockSecret, List<X509Certificate> recipients, KpMetadata metadata,
            Signer signer) {
        Objects.requireNonNull(metadata, "metadata");
        Objects.requireNonNull(signer, "signer");
        return create(seal(unlockSecret, recipients), metadata, signer);
    }

    /**
     * The first half of {@link #create(Secret, List, KpMetadata, Signer)}: the unlock secret wrapped
     * to every recipient, which needs no metadata, so that shield-vm seals it while its disk pass
     * computes the manifest that the signed half needs.
     */
    public static Sealed seal(Secret unlockSecret, List<X509Certificate> recipients) {
        requireUnlockSecret(unlockSecret);
        List<X509Certificate> to = List.copyOf(recipients);
        byte[] envelope = Envelope.seal(unlockSecret, to);
        MetadataDocument.ready(); // sets up the JSON mapper now, not at the end of the disk pass
        return new Sealed(envelope, to, to.stream().map(KpRecipient::of).toList());
    }

    /** The key protector of {@code sealed} with {@code metadata}, signed by {@code signer}. */
    public static KeyProtector create(Sealed sealed, KpMetadata metadata, Signer signer) {
        Objects.requireNonNull(sealed, "sealed");
        Objects.requireNonNull(metadata, "metadata");
        Objects.requireNonNull(signer, "signer");
        MetadataDocument document = new MetadataDocument(metadata, sealed.parties, sha256Hex(sealed.envelope));
        return new KeyProtector(sealed.envelope.clone(), SignedMetadata.sign(document.toJson(), signer, sealed.recipients),
                document);
    }

    /** An unlock secret wrapped to its recipients (CMS AuthEnvelopedData), not yet signed with metadata. */
    public static final class Sealed {
        private final byte[] envelope;
        private final List<X509Certificate> recipients;
        private final List<KpRecipient> parties;

        private Sealed(byte[] envelope, List<X509Certificate> recipients, List<KpRecipient> parties) {
            this.envelope = envelope;
            this.recipients = recipients;
            this.parties = parties;
        }

        @Override
        public String toString() {
            return "KeyProtector.Sealed[" + parties.size() + " recipients]";
        }
    }

    /**
     * The key protector in {@code file}, parsed but not yet verified (see {@link #verifySignature()}).
     *
     * @throws NotFoundException if the file does not exist
     * @throws InvalidFormatException if it is not a key protector or is malformed
     */
    public static KeyProtector read(Path file) {
        try {
            if (Files.size(file) > MAX_FILE_SIZE) {
                throw new InvalidFormatException(file + " is not a key protector: it is " + Files.size(file)
                        + " bytes, and key protectors are small PEM text files (is it the image?)");
            }
            return parse(Files.readAllBytes(file));
        } catch (NoSuchFileException e) {
            throw new NotFoundException("key protector " + file + " does not exist");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        } catch (InvalidFormatException e) {
            throw new InvalidFormatException(file + ": " + e.getMessage(), e);
        }
    }

    /** The key protector in PEM text {@code pem}, parsed but not yet verified. */
    public static KeyProtector parse(byte[] pem) {
        KpPem.Blocks blocks = KpPem.parse(pem);
        byte[] envelope = blocks.envelope();
        Envelope.check(envelope);
        SignedMetadata signed = SignedMetadata.parse(blocks.signedMetadata());
        return new KeyProtector(envelope, signed, MetadataDocument.parse(signed.content(), blocks.leafBlock()));
    }

    /** The PEM text: envelope block, signed-metadata block, then (format 2) the leaf-hash block. */
    public byte[] toPem() {
        return KpPem.write(envelope, signed.encoded(),
                document.version() == 1 ? null : document.metadata().integrity().leafBlock());
    }

    /** Writes {@link #toPem()} to {@code file} atomically (mode 0644); refuses an existing file. */
    public void write(Path file) {
        AtomicFiles.write(file, toPem(), "rw-r--r--", Existing.REFUSE);
    }

    /** Writes {@link #toPem()} to {@code file} atomically (mode 0644), replacing any file there. */
    public void writeReplacing(Path file) {
        AtomicFiles.write(file, toPem(), "rw-r--r--", Existing.REPLACE);
    }

    /**
     * Checks the signature over the metadata and that the metadata names this envelope.
     *
     * @return who signed; the caller decides whether that signer is trusted
     * @throws IntegrityException if the signature fails or the envelope was replaced or altered
     */
    public SignedBy verifySignature() {
        SignedBy by = signed.verify();
        if (!document.envelopeSha256().equals(sha256Hex(envelope))) {
            throw new IntegrityException("key protector: envelope digest mismatch: the wrapped secret (block 1)"
                    + " is not the one the metadata was signed with");
        }
        return by;
    }

    /** The metadata; trust it only after {@link #verifySignature()} succeeded. */
    public KpMetadata metadata() {
        return document.metadata();
    }

    /** The recipients as listed in the signed metadata. */
    public List<KpRecipient> recipients() {
        return document.recipients();
    }

    /** The metadata format version of this key protector. */
    public int formatVersion() {
        return document.version();
    }

    /**
     * The unlock secret, decrypted with {@code key}, the private key of recipient {@code certificate}.
     *
     * @throws KeyRefusedException if the certificate is not a recipient or the key does not open it
     */
    public Secret unwrap(PrivateKey key, X509Certificate certificate) {
        Secret secret = Envelope.open(envelope, key, certificate);
        if (!UNLOCK_SECRET.matcher(new AsciiView(secret.bytes())).matches()) {
            secret.close();
            throw new IntegrityException("key protector: the wrapped value is not an unlock secret");
        }
        return secret;
    }

    /**
     * The unlock secret, with the recipient's key decryption done elsewhere (a TPM binding key).
     * The envelope must have exactly one key-transport recipient.
     */
    public Secret unwrap(KeyTransportDecryptor decryptor) {
        Secret secret = KeyTransportOpener.open(envelope, decryptor);
        if (!UNLOCK_SECRET.matcher(new AsciiView(secret.bytes())).matches()) {
            secret.close();
            throw new IntegrityException("key protector: the wrapped value is not an unlock secret");
        }
        return secret;
    }

    /**
     * The unlock secret for recipient {@code certificate} (an RSA key-transport recipient), with
     * the key decryption done by {@code decryptor}: a key that never leaves a PKCS#11 token.
     *
     * @throws KeyRefusedException if the certificate is not a recipient or the key does not open it
     */
    public Secret unwrap(X509Certificate certificate, KeyTransportDecryptor decryptor) {
        Secret secret = KeyTransportOpener.open(envelope, certificate, decryptor);
        if (!UNLOCK_SECRET.matcher(new AsciiView(secret.bytes())).matches()) {
            secret.close();
            throw new IntegrityException("key protector: the wrapped value is not an unlock secret");
        }
        return secret;
    }

    /**
     * The certificates of the listed recipients that this key protector carries (all of them for
     * key protectors written since recipients' certificates travel in block 2; possibly none for
     * older ones). Only certificates whose fingerprint the signed metadata lists are returned, so
     * after {@link #verifySignature()} they are as trustworthy as the list itself.
     */
    public List<X509Certificate> recipientCertificates() {
        java.util.Set<String> listed = new java.util.HashSet<>();
        recipients().forEach(r -> listed.add(r.sha256()));
        java.util.Map<String, X509Certificate> found = new java.util.LinkedHashMap<>();
        for (X509Certificate c : signed.certificates()) {
            String fp = org.gfctl.core.keys.Certificates.fingerprint(c);
            if (listed.contains(fp)) {
                found.putIfAbsent(fp, c);
            }
        }
        return recipients().stream().map(r -> found.get(r.sha256())).filter(Objects::nonNull).toList();
    }

    /** A key protector for the same secret and metadata, wrapped to {@code newRecipients} instead. */
    public KeyProtector rewrap(PrivateKey key, X509Certificate certificate, List<X509Certificate> newRecipients,
            Signer signer) {
        try (Secret secret = unwrap(key, certificate)) {
            return create(secret, newRecipients, metadata(), signer);
        }
    }

    /** As {@link #rewrap(PrivateKey, X509Certificate, List, Signer)}, opened with {@code decryptor}. */
    public KeyProtector rewrap(X509Certificate certificate, KeyTransportDecryptor decryptor,
            List<X509Certificate> newRecipients, Signer signer) {
        try (Secret secret = unwrap(certificate, decryptor)) {
            return create(secret, newRecipients, metadata(), signer);
        }
    }

    private static void requireUnlockSecret(Secret secret) {
        if (!UNLOCK_SECRET.matcher(new AsciiView(secret.bytes())).matches()) {
            throw new IllegalArgumentException("key protector: the unlock secret must be 43 base64url characters"
                    + " (Secret.newUnlockSecret()), not " + secret.length() + " bytes of another form");
        }
    }

    private static String sha256Hex(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new Bug("every Java platform has SHA-256", e);
        }
    }

    @Override
    public String toString() {
        return "KeyProtector[volume=" + metadata().volumeUuid() + " (" + metadata().volumeName() + "), recipients="
                + recipients().size() + "]";
    }

    /** Lets a pattern read secret bytes without copying them into a String that cannot be wiped. */
    private record AsciiView(byte[] bytes) implements CharSequence {
        @Override
        public int length() {
            return bytes.length;
        }

        @Override
        public char charAt(int index) {
            return (char) (bytes[index] & 0xff);
        }

        @Override
        public CharSequence subSequence(int start, int end) {
            return new AsciiView(java.util.Arrays.copyOfRange(bytes, start, end));
        }

        @Override
        public String toString() {
            return "AsciiView[redacted]";
        }
    }
}
