package org.gfctl.cli.operator;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.gfctl.cli.GfctlSubcommand;
import org.gfctl.cli.Output;
import org.gfctl.core.quickstart.Quickstart;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code gfctl quickstart}: the whole flow on this machine, in a throwaway fabric. */
@Command(name = "quickstart", header = "Run the whole flow on this machine: fabric, host, attest, shield, release, unshield.",
        description = "Uses /dev/tpmrm0 when present, else manufactures a software TPM (swtpm). Everything goes to"
                + " ./gfctl-quickstart (or --home), which the next run replaces. Exit non-zero naming the failed step.")
public final class QuickstartCommand extends GfctlSubcommand {
    @Option(names = "--image", paramLabel = "IMAGE", description = "Disk image to use (default: a generated image).")
    Path image;

    @Option(names = "--size-mib", paramLabel = "MIB", defaultValue = "256", description = "Size of the generated image (default: ${DEFAULT-VALUE}).")
    long sizeMib;

    @Option(names = "--tpm", paramLabel = "SPEC", description = "Use this TPM instead of /dev/tpmrm0 or a new swtpm.")
    String tpm;

    @Override
    public Integer call() {
        Path home = global().explicitHome().orElse(Path.of("gfctl-quickstart"));
        audit().skip(); // its own fabric (HOME/fabric) records every step; no other fabric is touched
        long t0 = System.nanoTime();
        var out = output();
        Quickstart.Result r = Quickstart.run(new Quickstart.Options(home, image, sizeMib << 20, tpm, 0), s -> {
            if (!out.quiet()) {
                out.err().printf("[%2d] %-24s %-4s %6.2f s  %s%n", s.number(), s.name(), s.ok() ? "ok" : "FAIL", s.seconds(),
                        s.detail());
                out.err().flush();
            }
        });
        double total = (System.nanoTime() - t0) / 1e9;
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("passed", true);
        m.put("home", r.home().toString());
        m.put("volumeUuid", r.volumeUuid());
        m.put("seconds", Math.round(total * 100) / 100.0);
        m.put("steps", r.steps().stream().map(s -> Output.fields("step", s.name(), "ok", s.ok(), "seconds",
                Math.round(s.seconds() * 1000) / 1000.0, "detail", s.detail())).toList());
        out.result(m, w -> {
            w.print(r.report());
            w.printf("quickstart passed in %.1f s: a VM disk was shielded, its key released only to an attested"
                + " TPM, and unshielded there bit for bit. Everything is in %s%n", total, r.home());
        });
        return 0;
    }
}
