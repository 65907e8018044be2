using PSMigrate.Engine.Providers;
using PSMigrate.Engine.Revisions;
using PSMigrate.Engine.Sql;

namespace PSMigrate.Engine.Tests;

/// <summary>
/// PostgreSQL sections read as psql reads a file: COPY data blocks, rules, psql commands,
/// settings that would change how later text is read.
/// </summary>
public sealed class PostgreSqlScriptReadingTests
{
    private static IReadOnlyList<SqlStatement> Split(string sql, int firstLine = 1) =>
        ProviderRegistry.Get(ProviderKind.PostgreSql).Dialect.Split(new SqlSection(sql, firstLine), "/v/dump.sql");

    private static MigrationException Refused(string sql, int firstLine = 1) =>
        Assert.Throws<MigrationException>(() => Split(sql, firstLine));

    [Fact]
    public void CopyFromStdinTakesItsDataLinesUpToTheEndMarker()
    {
        var sql = "CREATE TABLE t (a int, b text);\n" +
                  "COPY public.t (a, b) FROM stdin;\n" +
                  "1\tsemi;colon\n" +
                  "2\t\\N\n" +
                  "3\tback\\\\slash; 'quote\n" +
                  "\\.\n" +
                  "SELECT 1;\n" +
                  "COPY t (a, b) FROM STDIN WITH (FORMAT csv);\n" +
                  "4,\"x;y\"\n" +
                  "\\.\n";
        var statements = Split(sql, 10);
        Assert.Equal(4, statements.Count);
        Assert.Equal("COPY public.t (a, b) FROM stdin", statements[1].Text);
        Assert.Equal("1\tsemi;colon\n2\t\\N\n3\tback\\\\slash; 'quote\n", statements[1].CopyData);
        Assert.Equal((11, 12), (statements[1].Line, statements[1].CopyDataLine));
        Assert.Equal(("SELECT 1", 16), (statements[2].Text, statements[2].Line));
        Assert.Equal("4,\"x;y\"\n", statements[3].CopyData);
        Assert.Equal(17, statements[3].Line);
    }

    [Fact]
    public void ARuleWithSeveralActionsIsOneStatement()
    {
        var statements = Split("CREATE RULE r AS ON INSERT TO t1 DO ALSO (INSERT INTO a VALUES (1); INSERT INTO b VALUES ('x;)'));\nSELECT 2;");
        Assert.Equal(2, statements.Count);
        Assert.EndsWith("INSERT INTO b VALUES ('x;)'))", statements[0].Text);
    }

    [Fact]
    public void PgDumpsRestrictMarkersAreKeptAsClientCommandsAndOtherPsqlCommandsRefused()
    {
        var statements = Split("\\restrict abc123\nSELECT 1;\n\\unrestrict abc123\n");
        Assert.Equal(3, statements.Count);
        Assert.True(statements[0].IsClientCommand);
        Assert.Equal("\\restrict abc123", statements[0].Text);
        Assert.False(statements[1].IsClientCommand);

        foreach (var (sql, command, line) in new[] { ("SELECT 1;\n\\c other", "\\c", 21), ("\n\\i more.sql\n", "\\i", 21), ("SELECT 2;\nSELECT 3 \\gset\n", "\\gset", 21) })
        {
            var error = Refused(sql, 20);
            Assert.Equal(MigrationErrors.ClientCommand, error.Error);
            Assert.Contains($"/v/dump.sql:{line}", error.Message);
            Assert.Contains($"'{command}' is a psql command, not SQL", error.Message);
            Assert.Equal(line, error.Line);
        }
    }

    [Fact]
    public void BackslashesInsideQuotesAndBodiesAreNotPsqlCommands()
    {
        var statements = Split("SELECT E'\\\\c not a command', $$ \\i nor this $$, 'plain \\ backslash';");
        Assert.Equal(statements[0].Text, Assert.Single(statements).Text);
        Assert.False(statements[0].IsClientCommand);
    }

    [Fact]
    public void CopyToStdoutIsRefused()
    {
        var error = Refused("SELECT 1;\nCOPY t TO STDOUT;");
        Assert.Equal(MigrationErrors.ClientCommand, error.Error);
        Assert.Contains("/v/dump.sql:2", error.Message);
        Assert.Contains("TO STDOUT", error.Message);
    }

    [Theory]
    [InlineData("SET standard_conforming_strings = off;")]
    [InlineData("SET SESSION standard_conforming_strings TO 'off';")]
    [InlineData("SELECT pg_catalog.set_config('standard_conforming_strings', 'off', false);")]
    public void TurningStandardConformingStringsOffIsRefused(string setting)
    {
        var error = Refused("SELECT 1;\n" + setting + "\nINSERT INTO t VALUES ('it\\'s; here');");
        Assert.Equal(MigrationErrors.UnsupportedSessionSetting, error.Error);
        Assert.Contains("/v/dump.sql:2", error.Message);
        Assert.Contains("E'...'", error.Message);
    }

    [Fact]
    public void TurningStandardConformingStringsOnIsFine() =>
        Assert.Equal(2, Split("SET standard_conforming_strings = on;\nSELECT 'a\\';").Count);

    [Theory]
    [InlineData("BEGIN;", "BEGIN")]
    [InlineData("begin transaction isolation level serializable;", "BEGIN TRANSACTION")]
    [InlineData("START TRANSACTION;", "START TRANSACTION")]
    [InlineData("COMMIT;", "COMMIT")]
    [InlineData("END;", "END")]
    [InlineData("ROLLBACK;", "ROLLBACK")]
    [InlineData("  commit work;", "COMMIT WORK")]
    public void TransactionStatementsAreFound(string sql, string expected) =>
        Assert.Equal(expected, TransactionControl.Find(sql));

    [Theory]
    [InlineData("ROLLBACK TO SAVEPOINT s;")]
    [InlineData("SAVEPOINT s;")]
    [InlineData("BEGIN TRY SELECT 1 END TRY")]
    [InlineData("BEGIN\n SELECT 1;\nEND")]
    [InlineData("CREATE FUNCTION f() RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT 1; END;")]
    [InlineData("ENDPOINT")]
    public void OtherStatementsAreNotTransactionControl(string sql) =>
        Assert.Null(TransactionControl.Find(sql));
}
