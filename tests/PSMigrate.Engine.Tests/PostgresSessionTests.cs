using PSMigrate.Engine.Configuration;
using PSMigrate.Engine.Execution;
using PSMigrate.Engine.Planning;
using PSMigrate.Engine.Providers;
using PSMigrate.Engine.Revisions;

namespace PSMigrate.Engine.Tests;

/// <summary>PostgreSQL specifics against the real test server.</summary>
public sealed class PostgresSessionTests
{
    private static RevisionGraph Graph(params string[] files) =>
        RevisionGraph.Build(files.Select((text, i) => RevisionFileParser.Parse($"/v/{i}.sql", text)), "/v");

    private static MigrationTarget Target(PostgresDatabase database, string? schema = null) =>
        MigrationTargetResolver.Resolve(new MigrationSettings { Schema = schema }, "/", "/", database.ConnectionString, null, ProviderKind.PostgreSql);

    [PostgresFact]
    public void SchemaSettingPutsTheEngineTablesInThatSchema()
    {
        using var database = new PostgresDatabase();
        var graph = Graph("-- Revision ID: aaa111\n-- Revises:\n-- migrate:upgrade\nCREATE TABLE public.items (id INT);\n-- migrate:downgrade\nDROP TABLE public.items;\n");
        using (var session = MigrationSession.Open(Target(database, "deploy")))
        {
            foreach (var step in new MigrationPlanner(graph).PlanUpgrade("head", session.ReadHeads()).Steps)
            {
                session.Apply(step);
            }

            Assert.Equal(["aaa111"], session.ReadHeads());
        }

        Assert.Equal(["deploy.psmigrate_history", "deploy.psmigrate_version", "public.items"],
            database.Column("SELECT table_schema || '.' || table_name FROM information_schema.tables WHERE table_schema IN ('deploy', 'public') ORDER BY 1"));
    }

    [PostgresFact]
    public void ConcurrentIndexRunsOnlyInARevisionWithoutTransaction()
    {
        using var database = new PostgresDatabase();
        const string Table = "-- Revision ID: aaa111\n-- Revises:\n-- migrate:upgrade\nCREATE TABLE items (id INT);\n-- migrate:downgrade\nDROP TABLE items;\n";
        var inTransaction = Graph(Table, "-- Revision ID: bbb222\n-- Revises: aaa111\n-- migrate:upgrade\nCREATE INDEX CONCURRENTLY items_id ON items (id);\n-- migrate:downgrade\nDROP INDEX CONCURRENTLY items_id;\n");
        using var session = MigrationSession.Open(Target(database));
        var plan = new MigrationPlanner(inTransaction).PlanUpgrade("head", session.ReadHeads());
        session.Apply(plan.Steps[0]);
        var error = Assert.Throws<MigrationException>(() => session.Apply(plan.Steps[1]));
        Assert.Contains("CONCURRENTLY", error.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(["aaa111"], session.ReadHeads());

        var outside = Graph(Table, "-- Revision ID: bbb222\n-- Revises: aaa111\n-- Transaction: none\n-- migrate:upgrade\nCREATE INDEX CONCURRENTLY items_id ON items (id);\n-- migrate:downgrade\nDROP INDEX CONCURRENTLY items_id;\n");
        var planner = new MigrationPlanner(outside);
        session.Apply(planner.PlanUpgrade("head", session.ReadHeads()).Steps.Single());
        Assert.Equal(["items_id"], database.Column("SELECT indexname FROM pg_indexes WHERE tablename = 'items'"));

        session.Apply(planner.PlanDowngrade("-1", session.ReadHeads()).Steps.Single());
        Assert.Empty(database.Column("SELECT indexname FROM pg_indexes WHERE tablename = 'items'"));
        Assert.Equal(["aaa111"], session.ReadHeads());
    }

    [PostgresFact]
    public void DollarQuotedFunctionAndTriggerApplyAndRevert()
    {
        using var database = new PostgresDatabase();
        var graph = Graph("""
            -- Revision ID: aaa111
            -- Revises:
            -- migrate:upgrade
            CREATE TABLE items (id INT, touched TIMESTAMPTZ);
            CREATE FUNCTION touch() RETURNS trigger AS $$
            BEGIN
                NEW.touched := now();
                RETURN NEW;
            END;
            $$ LANGUAGE plpgsql;
            CREATE TRIGGER items_touch BEFORE INSERT ON items FOR EACH ROW EXECUTE FUNCTION touch();
            INSERT INTO items (id) VALUES (1);
            -- migrate:downgrade
            DROP TABLE items;
            DROP FUNCTION touch();
            """);
        using var session = MigrationSession.Open(Target(database));
        var result = session.Apply(new MigrationPlanner(graph).PlanUpgrade("head", []).Steps.Single());
        Assert.Equal(4, result.Statements);
        Assert.Equal(["1"], database.Column("SELECT count(*) FROM items WHERE touched IS NOT NULL"));
        session.Apply(new MigrationPlanner(graph).PlanDowngrade("base", session.ReadHeads()).Steps.Single());
        Assert.Empty(database.Column("SELECT proname FROM pg_proc WHERE proname = 'touch'"));
    }
}
