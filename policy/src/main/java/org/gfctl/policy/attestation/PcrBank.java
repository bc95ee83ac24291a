package org.gfctl.policy.attestation;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A PCR bank a policy can require, named as in tpm2-tools ({@code sha256}) with its digest size.
 *
 * <p>TPM 2.0 keeps one bank per hash algorithm (TPM 2.0 Part 1 §17.1); SHA-256 is the default
 * because SHA-1 banks are deprecated by TCG and every TPM 2.0 must implement SHA-256.
 */
public enum PcrBank {
    SHA1(20), SHA256(32), SHA384(48), SHA512(64);

    private final int digestBytes;

    PcrBank(int digestBytes) {
        this.digestBytes = digestBytes;
    }

    public int digestBytes() {
        return digestBytes;
    }

    /** The bank's name in policies and tpm2-tools: {@code sha256}. */
    public String bankName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The bank named {@code name} (case-insensitive, {@code sha-256} accepted too). */
    public static Optional<PcrBank> named(String name) {
        String n = name.toLowerCase(Locale.ROOT).replace("-", "");
        return Arrays.stream(values()).filter(b -> b.bankName().equals(n)).findFirst();
    }

    /** Like {@link #named} but throws, listing the allowed names. */
    public static PcrBank require(String name) {
        return named(name).orElseThrow(() -> new IllegalArgumentException(
                "PCR bank must be one of " + allowedNames() + ", not \"" + name + "\""));
    }

    public static String allowedNames() {
        return Arrays.stream(values()).map(PcrBank::bankName).collect(Collectors.joining(", "));
    }
}
