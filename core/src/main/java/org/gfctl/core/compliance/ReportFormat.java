package org.gfctl.core.compliance;

/**
 * Renders a compliance report as one document (text, JSON, HTML, OSCAL).
 *
 * <p>One direction only: formats never measure, so all of them say the same thing.
 */
@FunctionalInterface
public interface ReportFormat {

    /** The whole document, ending with a newline. */
    String render(ComplianceReport report);
}
