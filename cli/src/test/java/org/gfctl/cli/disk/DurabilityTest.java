package org.gfctl.cli.disk;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.gfctl.testing.DiskImages;
import org.gfctl.testing.Tools;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every file shield-vm and unshield publish is on the disk before it gets its name, and the name
 * is on the disk before the command returns: the system calls, as strace sees them, are an fsync
 * of the temporary file, then the link that names it, then an fsync of the directory. (The kill -9
 * tests show that nothing half-written is ever named; this shows that what is named survives a
 * power cut.)
 */
class DurabilityTest {
    private static final Pattern SYNC = Pattern.compile("\\bf(?:data)?sync\\(\\d+<([^>]+)>");
    private static final Pattern LINK = Pattern.compile("\\b(?:link|rename|renameat2?)\\((?:AT_FDCWD<[^>]*>, )?\"([^\"]+)\", "
            + "(?:AT_FDCWD<[^>]*>, )?\"([^\"]+)\"");

    @TempDir
    Path dir;

    @Test
    void shieldAndUnshield_syncEachFileBeforeNamingIt_andTheDirectoryAfter() throws Exception {
        String strace = Tools.require("strace", "strace");
        Fixtures f = Fixtures.create(dir, "ecp384");
        Path image = DiskImages.generate(dir.resolve("vm.raw"), 3 * DiskImages.EXTENT, DiskImages.Layout.MIXED, 81);
        Path shielded = dir.resolve("vm.luks");
        List<String> shieldLog = traced(strace, f, "shield", "shield-vm", "--in", image.toString(), "--out",
                shielded.toString(), "--owner", f.owner.toString());
        assertDurablyPublished(shieldLog, shielded);
        assertDurablyPublished(shieldLog, Path.of(shielded + ".kp"));

        Path out = dir.resolve("vm.out");
        List<String> unshieldLog = traced(strace, f, "unshield", "unshield", "--in", shielded.toString(), "--out",
                out.toString(), "--owner-key", f.owner.toString());
        assertDurablyPublished(unshieldLog, out);
        assertThat(Files.mismatch(out, image)).isEqualTo(-1);
    }

    /** gfctl in a JVM of its own under strace; the trace's lines. */
    private List<String> traced(String strace, Fixtures f, String name, String... args) throws Exception {
        Path log = dir.resolve(name + ".strace");
        List<String> cmd = new ArrayList<>(List.of(strace, "-f", "-y", "-o", log.toString(), "-e",
                "trace=fsync,fdatasync,link,linkat,rename,renameat,renameat2"));
        cmd.addAll(f.ownJvm(args));
        Fixtures.runToEnd(cmd, java.util.Map.of(), 0);
        return Files.readAllLines(log);
    }

    /**
     * In {@code trace}: the file that became {@code target} was synced before the call that named it,
     * and {@code target}'s directory was synced after that call.
     */
    private static void assertDurablyPublished(List<String> trace, Path target) {
        String name = target.toAbsolutePath().toString();
        String dirName = target.toAbsolutePath().getParent().toString();
        int named = -1;
        String temp = null;
        for (int i = 0; i < trace.size() && named < 0; i++) {
            Matcher m = LINK.matcher(trace.get(i));
            if (m.find() && m.group(2).equals(name)) {
                named = i;
                temp = m.group(1);
            }
        }
        assertThat(named).as("%s is named by a link or rename in:%n%s", name, String.join("\n", trace)).isNotNegative();
        String tempName = temp;
        assertThat(trace.subList(0, named)).as("%s (as %s) synced before it is named", name, tempName)
                .anyMatch(l -> synced(l, tempName));
        assertThat(trace.subList(named + 1, trace.size())).as("%s synced after %s is named", dirName, name)
                .anyMatch(l -> synced(l, dirName));
    }

    private static boolean synced(String line, String path) {
        Matcher m = SYNC.matcher(line);
        return m.find() && m.group(1).equals(path);
    }
}
