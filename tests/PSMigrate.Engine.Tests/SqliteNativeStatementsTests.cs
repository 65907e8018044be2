using Microsoft.Data.Sqlite;
using PSMigrate.Engine.Providers.Sqlite;
using Xunit;

namespace PSMigrate.Engine.Tests;

/// <summary>
/// SQLite statements run on the native handle must end as Microsoft.Data.Sqlite's own
/// <c>ExecuteNonQuery</c> ends them: the same changed-row count, the same exception with the same
/// codes and words, the same database afterwards, and a busy database waited for no longer than
/// the timeout.
/// </summary>
public sealed class SqliteNativeStatementsTests : IDisposable
{
    private const string Seed = "CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE); INSERT INTO t (name) VALUES ('a'), ('b'), ('c');";

    private readonly List<string> files = [];

    public static TheoryData<string> Texts => new()
    {
        "INSERT INTO t (name) VALUES ('d')",
        "UPDATE t SET name = name || '!'",
        "DELETE FROM t WHERE id > 1",
        "UPDATE t SET name = 'x' WHERE id = 99",
        "CREATE TABLE u (id INT)",
        "INSERT INTO t (name) VALUES ('d'), ('e'); CREATE INDEX ix ON t (name); UPDATE t SET name = 'z' WHERE id = 1",
        "DELETE FROM t; CREATE TABLE u (id INT); DROP TABLE u",
        "INSERT INTO t (name) VALUES ('d') RETURNING id",
        "SELECT count(*) FROM t",
        "UPDATE t SET name = 'q' WHERE id = 1; SELECT * FROM t; DELETE FROM t WHERE id = 2",
        "PRAGMA user_version = 7",
        "  -- only a comment\n",
        "",
        "INSERT INTO t (name) VALUES ('d'); -- trailing comment",
        "INSERT INTO t (name) VALUES ('naïve ✓ \u00e9')",
        "INSERT INTO t (name) VALUES ('" + new string('w', 5000) + "')",
        "INSERT INTO t (name) VALUES ('" + new string('ü', 40000) + "'); UPDATE t SET name = 'v' WHERE id = 2",
        "INSERT INTO t (name) VALUES ('a')",
        "INSERT INTO t (name) VALUES (NULL)",
        "INSERT INTO t (name) VALUES ('d'); INSERT INTO t (name) VALUES ('a'); INSERT INTO t (name) VALUES ('e')",
        "SELEC 1",
        "UPDATE missing SET x = 1",
        "INSERT INTO t (name) VALUES ('d'); UPDATE nowhere SET x = 1",
        "CREATE TABLE t (id INT)",
        "SELECT abs(-9223372036854775808)",
        "INSERT INTO t (name) VALUES ('unterminated",
    };

    [Theory]
    [MemberData(nameof(Texts))]
    public void ATextEndsAsTheDriversExecuteNonQueryEndsIt(string sql)
    {
        var (driverCount, driverError, driverContent) = Run(sql, connection =>
        {
            using var command = connection.CreateCommand();
            command.CommandText = sql;
            return command.ExecuteNonQuery();
        });
        var (nativeCount, nativeError, nativeContent) = Run(sql, connection => SqliteNativeStatements.Execute(connection, sql, 5));

        Assert.Equal(driverError is null, nativeError is null);
        if (driverError is not null)
        {
            Assert.Equal(driverError.SqliteErrorCode, nativeError!.SqliteErrorCode);
            Assert.Equal(driverError.SqliteExtendedErrorCode, nativeError.SqliteExtendedErrorCode);
            Assert.Equal(driverError.Message, nativeError.Message);
        }
        else
        {
            Assert.Equal(driverCount, nativeCount);
        }

        Assert.Equal(driverContent, nativeContent);
    }

    [Fact]
    public async Task ABusyDatabaseIsWaitedForUntilTheTimeoutAndThenFailsAsBusy()
    {
        var file = NewFile();
        using var holder = Open(file);
        using var waiter = Open(file);
        Exec(waiter, "PRAGMA busy_timeout = 0");
        using (var hold = holder.CreateCommand())
        {
            hold.CommandText = "BEGIN IMMEDIATE";
            hold.ExecuteNonQuery();
        }

        var clock = System.Diagnostics.Stopwatch.StartNew();
        var error = Assert.Throws<SqliteException>(() => SqliteNativeStatements.Execute(waiter, "INSERT INTO t (name) VALUES ('late')", 1));
        Assert.Equal(SQLitePCL.raw.SQLITE_BUSY, error.SqliteErrorCode);
        Assert.InRange(clock.Elapsed, TimeSpan.FromSeconds(0.9), TimeSpan.FromSeconds(5));

        var release = Task.Run(() =>
        {
            Thread.Sleep(400);
            Exec(holder, "COMMIT");
            return true;
        });
        Assert.Equal(1, SqliteNativeStatements.Execute(waiter, "INSERT INTO t (name) VALUES ('late')", 10));
        await TaskLimits.Within(release, TimeSpan.FromSeconds(10), "the lock holder did not commit");
        Assert.Equal(4L, Scalar(waiter, "SELECT count(*) FROM t"));
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        foreach (var file in files)
        {
            File.Delete(file);
        }
    }

    private (int Count, SqliteException? Error, string Content) Run(string sql, Func<SqliteConnection, int> execute)
    {
        using var connection = Open(NewFile());
        var count = 0;
        SqliteException? error = null;
        try
        {
            count = execute(connection);
        }
        catch (SqliteException caught)
        {
            error = caught;
        }

        return (count, error, Content(connection));
    }

    private string NewFile()
    {
        var file = Path.Combine(Path.GetTempPath(), $"psm-native-{Guid.NewGuid():N}.db");
        files.Add(file);
        using var connection = Open(file);
        Exec(connection, Seed);
        return file;
    }

    private static SqliteConnection Open(string file)
    {
        var connection = new SqliteConnection($"Data Source={file};Pooling=false");
        connection.Open();
        return connection;
    }

    /// <summary>The schema, every row of t, and the user version: what a statement could have changed.</summary>
    private static string Content(SqliteConnection connection)
    {
        var lines = new List<string>();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT type || ' ' || name || ' ' || coalesce(sql, '') FROM sqlite_master ORDER BY name";
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                lines.Add(reader.GetString(0));
            }
        }

        command.CommandText = "SELECT id || ':' || name FROM t ORDER BY id";
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                lines.Add(reader.GetString(0));
            }
        }

        lines.Add("user_version " + Scalar(connection, "PRAGMA user_version"));
        return string.Join("\n", lines);
    }

    private static void Exec(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private static object? Scalar(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }
}
