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
        var (driverCount, driverError, driverContent) = Outcome(connection =>
        {
            using var command = connection.CreateCommand();
            command.CommandText = sql;
            return command.ExecuteNonQuery();
        });
        var (nativeCount, nativeError, nativeContent) = Outcome(connection => SqliteNativeStatements.Execute(connection, sql, 5));

        if (driverError is not null)
        {
            AssertSameError(driverError, nativeError);
        }
        else
        {
            Assert.Null(nativeError);
            Assert.Equal(driverCount, nativeCount);
        }

        Assert.Equal(driverContent, nativeContent);
    }

    public static TheoryData<string, bool> Queries => new()
    {
        { "SELECT id, name FROM t ORDER BY id", true },
        { "SELECT * FROM t WHERE id > 99", true },
        { "SELECT 1 AS a, 2.5 AS b, 'naïve ✓' AS c, x'00ff10' AS d, NULL AS e, zeroblob(0) AS f, -9223372036854775808 AS g", true },
        { "SELECT 1 AS same, 2 AS SAME", true },
        { "SELECT count(*), max(name), group_concat(id) FROM t", true },
        { "SELECT name FROM t;", true },
        { "SELECT name FROM t;  \n\t", true },
        { "PRAGMA table_info(t)", true },
        { "PRAGMA foreign_key_check", true },
        { "SELECT cid, name, type, \"notnull\", dflt_value, pk FROM pragma_table_info('t') ORDER BY cid", true },
        { "SELECT 1e308 * 10 AS inf, 0.1 + 0.2 AS sum, '' AS empty", true },
        { "INSERT INTO t (name) VALUES ('r') RETURNING id, name", true },
        { "SELECT name FROM t -- a comment inside the statement", true },
        { "SELECT name FROM t; -- a comment after it", false },
        { "SELECT 1; SELECT 2", false },
        { "UPDATE t SET name = 'u' WHERE id = 1; SELECT name FROM t", false },
        { "", false },
        { "SELECT nope FROM t", true },
        { "SELECT * FROM missing", true },
        { "SELEC 1", true },
    };

    [Theory]
    [MemberData(nameof(Queries))]
    public void AQueryReadsAsTheDriversReaderReadsIt(string sql, bool native)
    {
        var (driverRows, driverError, driverContent) = Outcome(connection => SqliteCatalogReader.Read(connection, null, sql));
        var (nativeRows, nativeError, nativeContent) = Outcome(connection => SqliteNativeStatements.QuerySingle(connection, sql, 5));

        if (driverError is not null)
        {
            AssertSameError(driverError, nativeError);
            return;
        }

        Assert.Null(nativeError);
        Assert.Equal(native, nativeRows is not null);
        if (nativeRows is not null)
        {
            Assert.Equal(Rows(driverRows!), Rows(nativeRows));
            Assert.Equal(driverContent, nativeContent);
        }
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

        // A thread of its own: with the whole suite running, the pool's threads can all be busy
        // for longer than the waiter waits, and the holder would never commit in time.
        var release = Task.Factory.StartNew(() =>
        {
            Thread.Sleep(400);
            Exec(holder, "COMMIT");
            return true;
        }, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        Assert.Equal(1, SqliteNativeStatements.Execute(waiter, "INSERT INTO t (name) VALUES ('late')", 10));
        await TaskLimits.Within(release, TimeSpan.FromSeconds(10), "the lock holder did not commit");
        Assert.Equal(4L, Scalar(waiter, "SELECT count(*) FROM t"));
    }

    private static void AssertSameError(SqliteException driver, SqliteException? native)
    {
        Assert.NotNull(native);
        Assert.Equal(driver.SqliteErrorCode, native.SqliteErrorCode);
        Assert.Equal(driver.SqliteExtendedErrorCode, native.SqliteExtendedErrorCode);
        Assert.Equal(driver.Message, native.Message);
    }

    /// <summary>Every row as text, each value with its .NET type, so a long is not taken for an int or a double.</summary>
    private static List<string> Rows(IEnumerable<IReadOnlyDictionary<string, object?>> rows) =>
        rows.Select(row => string.Join(" | ", row.Select(column => $"{column.Key}={Describe(column.Value)}"))).ToList();

    private static string Describe(object? value) => value switch
    {
        null => "null",
        byte[] bytes => "byte[]:" + Convert.ToHexString(bytes),
        IFormattable number => value.GetType().Name + ":" + number.ToString(null, System.Globalization.CultureInfo.InvariantCulture),
        _ => value.GetType().Name + ":" + value,
    };

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        foreach (var file in files)
        {
            File.Delete(file);
        }
    }

    /// <summary>What one way of running a text gave on a fresh database: its result or its error, and the database after.</summary>
    private (T? Result, SqliteException? Error, string Content) Outcome<T>(Func<SqliteConnection, T> run)
    {
        using var connection = Open(NewFile());
        T? result = default;
        SqliteException? error = null;
        try
        {
            result = run(connection);
        }
        catch (SqliteException caught)
        {
            error = caught;
        }

        return (result, error, Content(connection));
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
