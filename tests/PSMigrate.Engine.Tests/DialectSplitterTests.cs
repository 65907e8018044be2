using PSMigrate.Engine.Providers;
using PSMigrate.Engine.Sql;
using PSMigrate.Engine.Revisions;

namespace PSMigrate.Engine.Tests;

public sealed class DialectSplitterTests
{
    private static IReadOnlyList<SqlStatement> Split(ProviderKind kind, string sql, int firstLine = 1) =>
        ProviderRegistry.Get(kind).Dialect.Split(new SqlSection(sql, firstLine), "/v/r.sql");

    [Fact]
    public void PostgresKeepsDollarQuotedFunctionBodiesWhole()
    {
        var sql = """
            CREATE FUNCTION touch() RETURNS trigger AS $$
            BEGIN
                NEW.updated := now(); -- a comment; with a semicolon
                RETURN NEW;
            END;
            $$ LANGUAGE plpgsql;
            CREATE FUNCTION tagged() RETURNS text AS $body$ SELECT 'a;b'; $body$ LANGUAGE sql;
            INSERT INTO t VALUES (E'it\'s; fine', 'x;y');
            """;
        var statements = Split(ProviderKind.PostgreSql, sql, 5);
        Assert.Equal(3, statements.Count);
        Assert.EndsWith("$$ LANGUAGE plpgsql", statements[0].Text);
        Assert.Equal(5, statements[0].Line);
        Assert.Equal(11, statements[1].Line);
        Assert.Equal(("INSERT INTO t VALUES (E'it\\'s; fine', 'x;y')", 12), (statements[2].Text, statements[2].Line));
    }

    [Fact]
    public void PostgresKeepsStandardSqlFunctionBodiesWhole()
    {
        var sql = "CREATE FUNCTION one() RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT 1; SELECT CASE WHEN true THEN 1 END; END;\nSELECT 2;";
        var statements = Split(ProviderKind.PostgreSql, sql);
        Assert.Equal(2, statements.Count);
        Assert.EndsWith("END; END", statements[0].Text);
    }

    [Fact]
    public void PostgresNestedBlockCommentsAreSkipped()
    {
        var statements = Split(ProviderKind.PostgreSql, "/* outer /* inner; */ still comment; */ SELECT 1;");
        Assert.Equal("SELECT 1", Assert.Single(statements).Text);
    }

    [Fact]
    public void SqlServerSplitsAtGoLinesAndRepeatsForGoN()
    {
        var sql = """
            CREATE TABLE dbo.t (id INT);
            go
            CREATE PROCEDURE dbo.p AS
            BEGIN
                SELECT 'GO'; -- GO in a comment
                /* GO
                GO */
                SELECT 1;
            END
            GO
            INSERT INTO dbo.t VALUES (1);
              GO 3
            SELECT 'tail'
            """;
        var batches = Split(ProviderKind.SqlServer, sql, 20);
        Assert.Equal(4, batches.Count);
        Assert.Equal(("CREATE TABLE dbo.t (id INT);", 20, 1), (batches[0].Text, batches[0].Line, batches[0].Repeat));
        Assert.StartsWith("CREATE PROCEDURE dbo.p AS", batches[1].Text);
        Assert.EndsWith("END", batches[1].Text);
        Assert.Equal(22, batches[1].Line);
        Assert.Equal(("INSERT INTO dbo.t VALUES (1);", 30, 3), (batches[2].Text, batches[2].Line, batches[2].Repeat));
        Assert.Equal(("SELECT 'tail'", 32), (batches[3].Text, batches[3].Line));
    }

    [Fact]
    public void SqlServerGoInsideAMultiLineStringIsNotASeparator()
    {
        var batches = Split(ProviderKind.SqlServer, "INSERT INTO t VALUES ('line one\nGO\nline three');\nGO");
        Assert.Equal("INSERT INTO t VALUES ('line one\nGO\nline three');", Assert.Single(batches).Text);
    }

    [Theory]
    [InlineData(ProviderKind.Sqlite, "\"we\"\"ird\"", "'it''s'")]
    [InlineData(ProviderKind.PostgreSql, "\"we\"\"ird\"", "'it''s'")]
    [InlineData(ProviderKind.SqlServer, "[we\"ird]", "N'it''s'")]
    public void QuotingEscapesEmbeddedQuotes(ProviderKind kind, string identifier, string literal)
    {
        var dialect = ProviderRegistry.Get(kind).Dialect;
        Assert.Equal(identifier, dialect.QuoteIdentifier("we\"ird"));
        Assert.Equal(literal, dialect.Literal("it's"));
        Assert.Equal("[a]]b]", ProviderRegistry.Get(ProviderKind.SqlServer).Dialect.QuoteIdentifier("a]b"));
    }

    [Fact]
    public void SqliteTimestampsAreUtcToTheMillisecondInOneSortableForm()
    {
        // The history's applied_at is TEXT on SQLite and sorted as text: every row in one form.
        var dialect = ProviderRegistry.Get(ProviderKind.Sqlite).Dialect;
        var random = new Random(20261124);
        for (var i = 0; i < 2000; i++)
        {
            var ticks = random.NextInt64(DateTime.MinValue.Ticks + TimeSpan.TicksPerDay, DateTime.MaxValue.Ticks - TimeSpan.TicksPerDay);
            var value = new DateTimeOffset(ticks, TimeSpan.FromMinutes(random.Next(-14 * 60, 14 * 60 + 1)));
            var expected = "'" + value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture) + "'";
            Assert.Equal(expected, dialect.Literal(value));
        }

        Assert.Equal("'2026-01-02T03:04:05.006Z'", dialect.Literal(new DateTimeOffset(2026, 1, 2, 5, 4, 5, 6, TimeSpan.FromHours(2)).AddTicks(9999)));
    }

    [Theory]
    [InlineData("Data Source=app.db", ProviderKind.Sqlite)]
    [InlineData("Data Source=:memory:", ProviderKind.Sqlite)]
    [InlineData("Host=db;Database=app;Username=u", ProviderKind.PostgreSql)]
    [InlineData("Server=tcp:db,1433;Database=app;Encrypt=true", ProviderKind.SqlServer)]
    [InlineData("Data Source=db01;Initial Catalog=app;Integrated Security=true", ProviderKind.SqlServer)]
    [InlineData("Data Source=db01", null)]
    public void ProviderIsInferredOnlyWhenTheConnectionStringIsUnambiguous(string connectionString, ProviderKind? expected) =>
        Assert.Equal(expected, ProviderRegistry.Infer(connectionString));
}
