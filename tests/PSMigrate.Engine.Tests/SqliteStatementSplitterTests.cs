using PSMigrate.Engine.Providers.Sqlite;
using PSMigrate.Engine.Revisions;

namespace PSMigrate.Engine.Tests;

public sealed class SqliteStatementSplitterTests
{
    private static List<(string Text, int Line)> Split(string sql, int firstLine = 10) =>
        SqliteStatementSplitter.Split(new SqlSection(sql, firstLine), "test.sql").Select(s => (s.Text, s.Line)).ToList();

    [Fact]
    public void SplitsAtSemicolonsAndReportsEachStatementsLine()
    {
        var statements = Split("CREATE TABLE a (id INTEGER);\n\n-- a comment; with a semicolon\nINSERT INTO a VALUES (1);\n  INSERT INTO a\n  VALUES (2)");
        Assert.Equal([("CREATE TABLE a (id INTEGER)", 10), ("INSERT INTO a VALUES (1)", 13), ("INSERT INTO a\n  VALUES (2)", 14)], statements);
    }

    [Fact]
    public void SemicolonsInsideQuotesAndBlockCommentsDoNotSplit()
    {
        var statements = Split("INSERT INTO a VALUES ('x;y', \"q;\"\"\", [b;c]);\n/* one;\ntwo; */ SELECT ';';");
        Assert.Equal(2, statements.Count);
        Assert.Equal("INSERT INTO a VALUES ('x;y', \"q;\"\"\", [b;c])", statements[0].Text);
        Assert.Equal(("SELECT ';'", 12), statements[1]);
    }

    [Fact]
    public void TriggerBodiesStayInOneStatement()
    {
        var sql = """
            CREATE TRIGGER audit AFTER INSERT ON a
            BEGIN
                INSERT INTO log VALUES (new.id, CASE WHEN new.id > 1 THEN 'big' ELSE 'small' END);
                UPDATE counter SET n = n + 1;
            END;
            CREATE TEMP TRIGGER t2 AFTER DELETE ON a BEGIN DELETE FROM log; END;
            SELECT 1;
            """;
        var statements = Split(sql, 1);
        Assert.Equal(3, statements.Count);
        Assert.EndsWith("UPDATE counter SET n = n + 1;\nEND", statements[0].Text);
        Assert.Equal(6, statements[1].Line);
        Assert.Equal(("SELECT 1", 7), statements[2]);
    }

    [Fact]
    public void CommentOnlySectionHasNoStatements()
    {
        Assert.Empty(Split("-- nothing to do\n/* really */\n"));
    }

    [Fact]
    public void Sqlite3DotCommandsAreRefusedWithTheirLine()
    {
        var error = Assert.Throws<MigrationException>(() => SqliteStatementSplitter.Split(new SqlSection("CREATE TABLE a (x);\n.read more.sql\n", 7), "/v/r.sql"));
        Assert.Equal(MigrationErrors.ClientCommand, error.Error);
        Assert.Equal(8, error.Line);
        Assert.Contains("/v/r.sql:8: '.read' is a sqlite3 command, not SQL", error.Message);

        // A dot inside a statement is not one.
        Assert.Single(SqliteStatementSplitter.Split(new SqlSection("SELECT a\n.5 FROM t;", 1), "/v/r.sql"));
    }
}
