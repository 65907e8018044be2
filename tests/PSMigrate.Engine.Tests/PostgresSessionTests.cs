using PSMigrate.Engine.Configuration;

namespace PSMigrate.Engine.Tests;

/// <summary>PostgreSQL specifics against the real test server.</summary>
public sealed class PostgresSessionTests
{
    [PostgresFact]
    public void SchemaSettingPutsTheEngineTablesInThatSchema()
    {
        using var folder = new TestFolder(ProviderKind.PostgreSql, new MigrationSettings { Schema = "deploy" });
        folder.Add("aaa111", null, "CREATE TABLE public.items (id INT);", "DROP TABLE public.items;");
        folder.Migrator().Run(MigrationDirection.Upgrade, "head");

        Assert.Equal(["aaa111"], folder.Column("SELECT version_num FROM deploy.psmigrate_version"));
        Assert.Equal(["deploy.psmigrate_history", "deploy.psmigrate_version", "public.items"],
            folder.Column("SELECT table_schema || '.' || table_name FROM information_schema.tables WHERE table_schema IN ('deploy', 'public') ORDER BY 1"));
    }

    [PostgresFact]
    public void ConcurrentIndexRunsOnlyInARevisionWithoutTransaction()
    {
        using var folder = new TestFolder(ProviderKind.PostgreSql);
        folder.Add("aaa111", null, "CREATE TABLE items (id INT);", "DROP TABLE items;");
        folder.Add("bbb222", "aaa111", "CREATE INDEX CONCURRENTLY items_id ON items (id);", "DROP INDEX CONCURRENTLY items_id;");
        var error = Assert.Throws<MigrationException>(() => folder.Migrator().Run(MigrationDirection.Upgrade, "head"));
        Assert.Contains("CONCURRENTLY", error.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(["aaa111"], folder.Heads());

        folder.Add("bbb222", "aaa111", "CREATE INDEX CONCURRENTLY items_id ON items (id);", "DROP INDEX CONCURRENTLY items_id;", transaction: "none");
        folder.Migrator().Run(MigrationDirection.Upgrade, "head");
        Assert.Equal(["items_id"], folder.Column("SELECT indexname FROM pg_indexes WHERE tablename = 'items'"));

        folder.Migrator().Run(MigrationDirection.Downgrade, "-1");
        Assert.Empty(folder.Column("SELECT indexname FROM pg_indexes WHERE tablename = 'items'"));
        Assert.Equal(["aaa111"], folder.Heads());
    }

    [PostgresFact]
    public void DollarQuotedFunctionAndTriggerApplyAndRevert()
    {
        using var folder = new TestFolder(ProviderKind.PostgreSql);
        folder.Add("aaa111", null, """
            CREATE TABLE items (id INT, touched TIMESTAMPTZ);
            CREATE FUNCTION touch() RETURNS trigger AS $$
            BEGIN
                NEW.touched := now();
                RETURN NEW;
            END;
            $$ LANGUAGE plpgsql;
            CREATE TRIGGER items_touch BEFORE INSERT ON items FOR EACH ROW EXECUTE FUNCTION touch();
            INSERT INTO items (id) VALUES (1);
            """, "DROP TABLE items;\nDROP FUNCTION touch();");
        var result = folder.Migrator().Run(MigrationDirection.Upgrade, "head").Single();
        Assert.Equal(4, result.Statements);
        Assert.Equal(["1"], folder.Column("SELECT count(*) FROM items WHERE touched IS NOT NULL"));
        folder.Migrator().Run(MigrationDirection.Downgrade, "base");
        Assert.Empty(folder.Column("SELECT proname FROM pg_proc WHERE proname = 'touch'"));
    }

    [PostgresFact]
    public void TheServersErrorPositionBecomesALineAndColumnInTheFile()
    {
        using var folder = new TestFolder(ProviderKind.PostgreSql);
        var revision = folder.Add("aaa111", null, "CREATE TABLE items (id INT);\nSELECT 1;\n  SELECT nope\n    FROM items;", "DROP TABLE items;");
        var error = Assert.Throws<MigrationException>(() => folder.Migrator().Run(MigrationDirection.Upgrade, "head"));
        Assert.Equal("PSMigrate.RevisionFailed", error.ErrorId);
        Assert.Equal(8, error.Line);
        Assert.Contains($"failed at {revision.Path}:8:10: column \"nope\" does not exist. The revision was rolled back; the database is still at base.", error.Message);
        Assert.DoesNotContain("POSITION", error.Message);
        Assert.DoesNotContain("42703", error.Message);
    }
}
