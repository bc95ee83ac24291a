package org.gfctl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Every command is either audited or known to change nothing: a new command cannot be forgotten. */
class AuditTrailCoverageTest {
    private static void leaves(CommandLine cl, List<String> out) {
        if (cl.getSubcommands().isEmpty()) {
            out.add(cl.getCommandSpec().qualifiedName(" ").replaceFirst("^gfctl ", ""));
            return;
        }
        new HashSet<>(cl.getSubcommands().values()).forEach(sub -> leaves(sub, out));
    }

    @Test
    void everyCommand_isAuditedOrReadOnly_andNoListNamesAMissingCommand() throws Exception {
        List<String> commands = new ArrayList<>();
        leaves(Gfctl.commandLine(), commands);
        Set<String> audited = AuditTrail.audited();
        Set<String> readOnly = AuditTrail.READ_ONLY;
        assertThat(commands).isNotEmpty().allSatisfy(c -> assertThat(audited.contains(c) || readOnly.contains(c))
                .as("'%s' is neither audited nor listed as read-only in AuditTrail", c).isTrue());
        assertThat(commands).containsAll(audited);
        assertThat(commands).containsAll(readOnly);
        assertThat(audited).doesNotContainAnyElementsOf(readOnly);
    }
}
