package org.gfctl.tpm.attest;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * A parsed TPMS_ATTEST: the structure a TPM signs for TPM2_Quote and TPM2_Certify.
 *
 * <p>TPM 2.0 Part 2 §10.12.12: {@code magic} (TPM_GENERATED_VALUE, which a restricted AK refuses
 * to sign in any other data), {@code type}, {@code qualifiedSigner}, {@code extraData} (the
 * verifier's nonce), {@code clockInfo}, {@code firmwareVersion}, then a type-specific body. Only
 * the quote (§10.12.3) and certify (§10.12.1) bodies are understood; other types are rejected.
 */
public final class Attest {
    static final long TPM_GENERATED_VALUE = 0xff544347L;
    static final int TPM_ST_ATTEST_CERTIFY = 0x8017;
    static final int TPM_ST_ATTEST_QUOTE = 0x8018;
    private static final int MAX_NAME = 2 + 64;
    private static final int MAX_DATA = 64;
    private static final int MAX_DIGEST = 64;
    private static final int MAX_BANKS = 16;
    private static final int MAX_SIZE_OF_SELECT = 32;

    /** The attestation types this parser understands. */
    public enum Type { QUOTE, CERTIFY }

    /** One bank of a quoted TPML_PCR_SELECTION: hash algorithm id and the selected PCR indices, ascending. */
    public record BankSelection(int hashAlg, List<Integer> pcrs) {}

    /** TPMS_CLOCK_INFO (Part 2 §10.11.1). */
    public record ClockInfo(long clock, long resetCount, long restartCount, boolean safe) {}

    private final Type type;
    private final byte[] qualifiedSigner;
    private final byte[] extraData;
    private final ClockInfo clockInfo;
    private final long firmwareVersion;
    private final List<BankSelection> pcrSelection;
    private final byte[] pcrDigest;
    private final byte[] certifiedName;
    private final byte[] certifiedQualifiedName;

    private Attest(Type type, byte[] qualifiedSigner, byte[] extraData, ClockInfo clockInfo, long firmwareVersion,
            List<BankSelection> pcrSelection, byte[] pcrDigest, byte[] certifiedName, byte[] certifiedQualifiedName) {
        this.type = type;
        this.qualifiedSigner = qualifiedSigner;
        this.extraData = extraData;
        this.clockInfo = clockInfo;
        this.firmwareVersion = firmwareVersion;
        this.pcrSelection = pcrSelection;
        this.pcrDigest = pcrDigest;
        this.certifiedName = certifiedName;
        this.certifiedQualifiedName = certifiedQualifiedName;
    }

    /**
     * Parses marshalled TPMS_ATTEST bytes (what tpm2_quote writes with {@code -m}).
     *
     * @throws AttestParseException for anything malformed, naming the byte offset
     */
    public static Attest parse(byte[] bytes) {
        StructReader r = new StructReader("TPMS_ATTEST", bytes);
        long magic = r.u32("magic");
        if (magic != TPM_GENERATED_VALUE) {
            throw r.fail(0, String.format("magic is 0x%08x, not TPM_GENERATED_VALUE 0xff544347: not TPM-generated", magic));
        }
        int typeAt = r.position();
        int rawType = r.u16("type");
        Type type = switch (rawType) {
            case TPM_ST_ATTEST_QUOTE -> Type.QUOTE;
            case TPM_ST_ATTEST_CERTIFY -> Type.CERTIFY;
            default -> throw r.fail(typeAt, String.format(
                    "type 0x%04x is not TPM_ST_ATTEST_QUOTE (0x8018) or TPM_ST_ATTEST_CERTIFY (0x8017)", rawType));
        };
        byte[] signer = r.sized("qualifiedSigner", MAX_NAME);
        byte[] extra = r.sized("extraData", MAX_DATA);
        long clock = r.u64("clockInfo.clock");
        long resets = r.u32("clockInfo.resetCount");
        long restarts = r.u32("clockInfo.restartCount");
        int safeAt = r.position();
        int safe = r.u8("clockInfo.safe");
        if (safe > 1) {
            throw r.fail(safeAt, "clockInfo.safe is " + safe + ", a TPMI_YES_NO must be 0 or 1");
        }
        long firmware = r.u64("firmwareVersion");
        ClockInfo clockInfo = new ClockInfo(clock, resets, restarts, safe == 1);
        if (type == Type.QUOTE) {
            List<BankSelection> banks = pcrSelection(r);
            byte[] digest = r.sized("quote.pcrDigest", MAX_DIGEST);
            r.end();
            return new Attest(type, signer, extra, clockInfo, firmware, banks, digest, null, null);
        }
        byte[] name = r.sized("certify.name", MAX_NAME);
        byte[] qualifiedName = r.sized("certify.qualifiedName", MAX_NAME);
        r.end();
        return new Attest(type, signer, extra, clockInfo, firmware, List.of(), null, name, qualifiedName);
    }

    private static List<BankSelection> pcrSelection(StructReader r) {
        int countAt = r.position();
        long count = r.u32("quote.pcrSelect.count");
        if (count > MAX_BANKS) {
            throw r.fail(countAt, "quote.pcrSelect.count is " + count + ", the maximum is " + MAX_BANKS);
        }
        List<BankSelection> banks = new ArrayList<>();
        for (int b = 0; b < count; b++) {
            int hash = r.u16("quote.pcrSelect[" + b + "].hash");
            int sizeAt = r.position();
            int sizeOfSelect = r.u8("quote.pcrSelect[" + b + "].sizeofSelect");
            if (sizeOfSelect > MAX_SIZE_OF_SELECT) {
                throw r.fail(sizeAt, "sizeofSelect is " + sizeOfSelect + ", the maximum is " + MAX_SIZE_OF_SELECT);
            }
            byte[] bitmap = r.bytes(sizeOfSelect, "quote.pcrSelect[" + b + "].pcrSelect");
            List<Integer> pcrs = new ArrayList<>();
            for (int i = 0; i < sizeOfSelect * 8; i++) {
                if ((bitmap[i / 8] & (1 << (i % 8))) != 0) {
                    pcrs.add(i);
                }
            }
            banks.add(new BankSelection(hash, Collections.unmodifiableList(pcrs)));
        }
        return Collections.unmodifiableList(banks);
    }

    public Type type() {
        return type;
    }

    /** The signing key's qualified name (a TPM2B_NAME's content). */
    public byte[] qualifiedSigner() {
        return qualifiedSigner.clone();
    }

    /** The qualifying data the caller passed: the verifier's nonce. */
    public byte[] extraData() {
        return extraData.clone();
    }

    public ClockInfo clockInfo() {
        return clockInfo;
    }

    public long firmwareVersion() {
        return firmwareVersion;
    }

    /** For a quote: the quoted PCR selection, bank by bank; empty for other types. */
    public List<BankSelection> pcrSelection() {
        return pcrSelection;
    }

    /** For a quote: the digest of the quoted PCR values. */
    public Optional<byte[]> pcrDigest() {
        return Optional.ofNullable(pcrDigest).map(byte[]::clone);
    }

    /** For a certification: the certified object's name. */
    public Optional<byte[]> certifiedName() {
        return Optional.ofNullable(certifiedName).map(byte[]::clone);
    }

    /** For a certification: the certified object's qualified name. */
    public Optional<byte[]> certifiedQualifiedName() {
        return Optional.ofNullable(certifiedQualifiedName).map(byte[]::clone);
    }
}
