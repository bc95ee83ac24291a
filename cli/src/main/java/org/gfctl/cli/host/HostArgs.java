package org.gfctl.cli.host;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.gfctl.core.guardian.FabricHome;
import org.gfctl.core.host.HostAgent;
import org.gfctl.core.host.HostState;
import org.gfctl.core.store.HostRecord;
import org.gfctl.tpm.device.TpmSpec;
import org.gfctl.tpm.pcr.PcrSelection;

/** Shared option handling of the host commands. */
public final class HostArgs {
    /** Firmware PCRs 0-7 (PC Client PFP §3.3.4): what a baseline and an attestation quote by default. */
    public static final PcrSelection DEFAULT_PCRS = PcrSelection.of(0, 1, 2, 3, 4, 5, 6, 7);

    private HostArgs() {}

    /** {@code --name}, else this machine's host name, lower-cased. */
    public static String name(String given) {
        if (given != null) {
            return given;
        }
        try {
            return InetAddress.getLocalHost().getHostName().toLowerCase(java.util.Locale.ROOT);
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }

    /** The host agent for {@code --tpm}, with its state under {@code HOME/host}. */
    public static HostAgent agent(String tpmSpec, FabricHome home) {
        return HostAgent.open(TpmSpec.parse(tpmSpec), HostState.at(home.dir().resolve("host")));
    }

    static Map<String, Object> json(HostRecord h) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", h.name());
        m.put("group", h.group());
        m.put("state", h.active() ? "active" : "removed");
        m.put("ekPubDigest", h.ekPubDigest());
        m.put("akName", h.akName());
        m.put("policy", h.policyName());
        m.put("enrolledAt", h.enrolledAt().toString());
        m.put("removedAt", h.removedAt() == null ? null : h.removedAt().toString());
        return m;
    }
}
