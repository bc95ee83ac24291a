package org.gfctl.tpm.eventlog;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.gfctl.testing.Processes;
import org.gfctl.testing.Tools;

/**
 * Runs tpm2-tools' {@code tpm2_eventlog} on a file and reads, minimally, the event types it lists
 * and its {@code pcrs:} section (bank name, PCR index, lower-case hex without 0x).
 */
final class Tpm2EventlogOracle {
    private static final Pattern EVENT_TYPE = Pattern.compile("^\\s*EventType: (\\S+)\\s*$");
    private static final Pattern BANK = Pattern.compile("^  (\\w+):\\s*$");
    private static final Pattern PCR = Pattern.compile("^    (\\d+)\\s*: 0x([0-9a-fA-F]+)\\s*$");

    record Result(List<String> eventTypes, Map<String, Map<Integer, String>> pcrs) {}

    private static final Pattern VERSION = Pattern.compile("version=\"(\\d+)\\.(\\d+)");

    private Tpm2EventlogOracle() {}

    /**
     * Whether the installed tpm2_eventlog replays EV_NO_ACTION events as the spec says: tpm2-tools
     * 5.6 and later. Before, it extended their zero digests into the PCR (fixed by commit 9735dc33,
     * "Fix pcr extension for EV_NO_ACTION") and ignored StartupLocality (commit 576a31bc).
     */
    static boolean replaysNoActionEventsCorrectly() {
        String tool = Tools.require("tpm2_eventlog", "tpm2-tools");
        Matcher m = VERSION.matcher(Processes.run(tool, "--version").stdout());
        if (!m.find()) {
            return false;
        }
        int major = Integer.parseInt(m.group(1));
        return major > 5 || major == 5 && Integer.parseInt(m.group(2)) >= 6;
    }

    static Result run(Path log) {
        String tool = Tools.require("tpm2_eventlog", "tpm2-tools");
        Processes.Result r = Processes.run(tool, log.toString()).requireSuccess();
        List<String> types = new ArrayList<>();
        Map<String, Map<Integer, String>> pcrs = new LinkedHashMap<>();
        Map<Integer, String> bank = null;
        boolean inPcrs = false;
        for (String line : r.stdout().split("\n")) {
            if (line.equals("pcrs:")) {
                inPcrs = true;
                continue;
            }
            if (!inPcrs) {
                Matcher m = EVENT_TYPE.matcher(line);
                if (m.matches()) {
                    types.add(m.group(1));
                }
                continue;
            }
            Matcher b = BANK.matcher(line);
            Matcher p = PCR.matcher(line);
            if (b.matches()) {
                bank = new TreeMap<>();
                pcrs.put(b.group(1), bank);
            } else if (p.matches() && bank != null) {
                bank.put(Integer.parseInt(p.group(1)), p.group(2).toLowerCase());
            }
        }
        return new Result(types, pcrs);
    }
}
