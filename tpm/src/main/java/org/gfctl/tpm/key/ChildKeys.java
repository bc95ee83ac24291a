package org.gfctl.tpm.key;

import org.gfctl.tpm.internal.TpmCalls;
import tss.Tpm;
import tss.tpm.CreateResponse;
import tss.tpm.TPMS_PCR_SELECTION;
import tss.tpm.TPMS_SENSITIVE_CREATE;
import tss.tpm.TPMT_PUBLIC;

/**
 * Creates ordinary (non-primary) keys under a loaded parent with TPM2_Create (Part 3 §12.1).
 *
 * <p>The TPM generates the key and returns it wrapped by the parent; nothing secret leaves the TPM.
 */
public final class ChildKeys {

    private ChildKeys() {}

    /** Creates a key from {@code template} under {@code parent}, with an empty authValue. */
    public static KeyBlob create(Tpm tpm, LoadedKey parent, TPMT_PUBLIC template, String what) {
        CreateResponse r = TpmCalls.call(tpm, "TPM2_Create(" + what + ")",
                "is the parent a loaded storage key (the SRK) and the template valid for this TPM?",
                () -> tpm.Create(parent.handle(), new TPMS_SENSITIVE_CREATE(new byte[0], new byte[0]), template,
                        new byte[0], new TPMS_PCR_SELECTION[0]));
        return KeyBlob.of(TpmPublic.of(r.outPublic), r.outPrivate);
    }
}
