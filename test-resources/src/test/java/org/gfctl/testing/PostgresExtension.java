package org.gfctl.testing;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit 5 extension: one throwaway {@link PostgresServer} per test class, injected as a parameter;
 * tests call {@link PostgresServer#createDatabase()} for an empty database each.
 */
public final class PostgresExtension implements BeforeAllCallback, AfterAllCallback, ParameterResolver {
    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(PostgresExtension.class);

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        Tools.require("pg_ctlcluster", "postgresql");
        context.getStore(NS).put("pg", PostgresServer.start());
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        PostgresServer pg = context.getStore(NS).remove("pg", PostgresServer.class);
        if (pg != null) {
            pg.close();
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == PostgresServer.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return context.getStore(NS).get("pg", PostgresServer.class);
    }
}
