package org.gfctl.tpm.key;

import org.gfctl.tpm.internal.TpmCalls;
import tss.Tpm;
import tss.tpm.CreatePrimaryResponse;
import tss.tpm.TPM2B_PUBLIC_KEY_RSA;
import tss.tpm.TPMA_OBJECT;
import tss.tpm.TPMS_NULL_ASYM_SCHEME;
import tss.tpm.TPMS_PCR_SELECTION;
import tss.tpm.TPMS_RSA_PARMS;
import tss.tpm.TPMS_SENSITIVE_CREATE;
import tss.tpm.TPMT_PUBLIC;
import tss.tpm.TPMT_SYM_DEF_OBJECT;
import tss.tpm.TPM_ALG_ID;
import tss.tpm.TPM_HANDLE;
import tss.tpm.TPM_RH;

/**
 * The storage root key: an RSA-2048 primary key in the owner hierarchy, re-created on demand.
 *
 * <p>Template from the TCG TPM v2.0 Provisioning Guidance §7.5.1 (as used by go-tpm-tools and
 * tpm2-tss): restricted decrypt, AES-128-CFB, {@code userWithAuth|noDA}, empty policy, unique =
 * 256 zero bytes. CreatePrimary is deterministic for a given owner seed, so the same SRK comes
 * back in every process and key blobs created under it load again later (Part 1 §26.2).
 */
public final class Srk {
    private static final int RSA_BITS = 2048;

    private Srk() {}

    /** The SRK template. */
    public static TPMT_PUBLIC template() {
        TPMA_OBJECT attributes = new TPMA_OBJECT(TPMA_OBJECT.fixedTPM, TPMA_OBJECT.fixedParent,
                TPMA_OBJECT.sensitiveDataOrigin, TPMA_OBJECT.userWithAuth, TPMA_OBJECT.noDA,
                TPMA_OBJECT.restricted, TPMA_OBJECT.decrypt);
        return new TPMT_PUBLIC(TPM_ALG_ID.SHA256, attributes, new byte[0],
                new TPMS_RSA_PARMS(new TPMT_SYM_DEF_OBJECT(TPM_ALG_ID.AES, 128, TPM_ALG_ID.CFB),
                        new TPMS_NULL_ASYM_SCHEME(), RSA_BITS, 0),
                new TPM2B_PUBLIC_KEY_RSA(new byte[RSA_BITS / 8]));
    }

    /** Creates (re-creates) the SRK as a transient key; close it when children are loaded. */
    public static LoadedKey create(Tpm tpm) {
        CreatePrimaryResponse r = TpmCalls.call(tpm, "TPM2_CreatePrimary(SRK)",
                "the owner hierarchy must have an empty authorization and a free object slot",
                () -> tpm.CreatePrimary(TPM_HANDLE.from(TPM_RH.OWNER), new TPMS_SENSITIVE_CREATE(new byte[0], new byte[0]),
                        template(), new byte[0], new TPMS_PCR_SELECTION[0]));
        return LoadedKey.of(tpm, r.handle, TpmPublic.of(r.outPublic));
    }
}
