package org.gfctl.tpm.device;

import org.gfctl.tpm.TpmException;
import tss.Tpm;
import tss.TpmDevice;
import tss.TpmDeviceTcp;
import tss.tpm.TPM_RC;
import tss.tpm.TPM_SU;

/** Opens a TSS.Java {@link Tpm} for a {@link TpmSpec}. The caller closes it. */
public final class TpmDevices {

    private TpmDevices() {}

    /** Connects to the TPM at {@code spec}; for the Microsoft simulator also powers it on and starts it. */
    public static Tpm open(TpmSpec spec) {
        TpmDevice device = switch (spec.kind()) {
            case DEVICE -> new CharacterDevice(spec.device());
            case SWTPM -> new SwtpmSocketDevice(spec.host(), spec.port());
            case MSSIM -> new TpmDeviceTcp(spec.host(), spec.port());
        };
        if (!device.connect()) {
            throw new TpmException("cannot connect to the TPM at " + spec);
        }
        Tpm tpm = new Tpm();
        tpm._setDevice(device);
        if (spec.kind() == TpmSpec.Kind.MSSIM) {
            device.powerCycle();
            tpm._allowErrors().Startup(TPM_SU.CLEAR);
            TPM_RC rc = tpm._getLastResponseCode();
            if (rc != TPM_RC.SUCCESS && rc != TPM_RC.INITIALIZE) {
                throw new TpmException("TPM simulator at " + spec + " refused Startup: " + rc);
            }
        }
        return tpm;
    }
}
