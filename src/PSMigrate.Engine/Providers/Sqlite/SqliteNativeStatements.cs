using System.Buffers;
using System.Diagnostics;
using System.Text;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace PSMigrate.Engine.Providers.Sqlite;

/// <summary>
/// Statements run on the connection's native handle. Microsoft.Data.Sqlite builds a command, a
/// statement list, a weak reference and a data reader for every execution (about 2 MB of an
/// upgrade of a thousand revisions, and a foreign-key check per revision through its reader).
/// The outcome is the driver's: the same SQLite errors as <see cref="SqliteException"/>, a busy
/// database retried until the timeout, the changed-row count summed over the statements of the
/// text as <c>ExecuteNonQuery</c> sums it, and a query's values as its reader gives them.
/// </summary>
internal static class SqliteNativeStatements
{
    private const int StackLimit = 512;

    // A larger buffer is the statement's own, not one the shared pool would keep for the session.
    private const int PoolLimit = 64 * 1024;
    private const int BusyPauseMilliseconds = 150;

    public static int Execute(SqliteConnection connection, string sql, int timeoutSeconds) =>
        OnUtf8(connection, sql, timeoutSeconds, ExecuteAll);

    /// <summary>
    /// The rows of a text that holds one statement, each column by name with the value the
    /// driver's reader gives (INTEGER as long, REAL as double, TEXT as string, BLOB as bytes, NULL
    /// as null); null when the text holds more than one statement, for the driver to run.
    /// </summary>
    public static List<Dictionary<string, object?>>? QuerySingle(SqliteConnection connection, string sql, int timeoutSeconds) =>
        OnUtf8(connection, sql, timeoutSeconds, QueryOne);

    private delegate T Utf8Work<T>(sqlite3 db, ReadOnlySpan<byte> text, int timeoutSeconds);

    private static T OnUtf8<T>(SqliteConnection connection, string sql, int timeoutSeconds, Utf8Work<T> work)
    {
        var db = connection.Handle ?? throw new InvalidOperationException("The SQLite connection is not open.");
        var length = Encoding.UTF8.GetByteCount(sql);
        var rented = length > StackLimit && length <= PoolLimit ? ArrayPool<byte>.Shared.Rent(length) : null;
        try
        {
            Span<byte> utf8 = length > PoolLimit ? new byte[length] : rented ?? stackalloc byte[StackLimit];
            utf8 = utf8[..Encoding.UTF8.GetBytes(sql, utf8)];
            return work(db, utf8, timeoutSeconds);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    private static int ExecuteAll(sqlite3 db, ReadOnlySpan<byte> text, int timeoutSeconds)
    {
        var changed = -1;
        var started = Stopwatch.GetTimestamp();
        while (!text.IsEmpty)
        {
            using (var statement = Prepare(db, text, started, timeoutSeconds, out var rest))
            {
                if (statement.IsInvalid)
                {
                    // Only blanks or comments were left.
                    break;
                }

                // As the driver, every statement that returns no rows is counted (DDL repeats the
                // last DML's count, as sqlite3_changes does), and so is a write with RETURNING.
                var counts = raw.sqlite3_column_count(statement) == 0 || raw.sqlite3_stmt_readonly(statement) == 0;
                StepToEnd(db, statement, started, timeoutSeconds);
                if (counts)
                {
                    var changes = raw.sqlite3_changes(db);
                    changed = changed == -1 ? changes : changed + changes;
                }

                text = rest;
            }
        }

        return changed;
    }

    private static List<Dictionary<string, object?>>? QueryOne(sqlite3 db, ReadOnlySpan<byte> text, int timeoutSeconds)
    {
        if (text.IsEmpty)
        {
            return null;
        }

        var started = Stopwatch.GetTimestamp();
        using var statement = Prepare(db, text, started, timeoutSeconds, out var rest);
        if (statement.IsInvalid || !IsBlank(rest))
        {
            return null;
        }

        var rc = FirstStep(statement, started, timeoutSeconds);
        var rows = new List<Dictionary<string, object?>>();
        var width = raw.sqlite3_column_count(statement);
        string[]? names = null;
        while (rc == raw.SQLITE_ROW)
        {
            names ??= ColumnNames(statement, width);
            var row = new Dictionary<string, object?>(width, StringComparer.OrdinalIgnoreCase);
            for (var i = 0; i < width; i++)
            {
                row[names[i]] = Value(statement, i);
            }

            rows.Add(row);
            rc = raw.sqlite3_step(statement);
        }

        ThrowUnlessDone(rc, db);
        return rows;
    }

    private static sqlite3_stmt Prepare(sqlite3 db, ReadOnlySpan<byte> text, long started, int timeoutSeconds, out ReadOnlySpan<byte> rest)
    {
        int rc;
        sqlite3_stmt statement;
        while (IsBusy(rc = raw.sqlite3_prepare_v2(db, text, out statement, out rest)) && WaitAgain(started, timeoutSeconds))
        {
            statement.Dispose();
        }

        if (rc != raw.SQLITE_OK)
        {
            statement.Dispose();
            SqliteException.ThrowExceptionForRC(rc, db);
        }

        return statement;
    }

    private static string[] ColumnNames(sqlite3_stmt statement, int width)
    {
        var names = new string[width];
        for (var i = 0; i < width; i++)
        {
            names[i] = raw.sqlite3_column_name(statement, i).utf8_to_string();
        }

        return names;
    }

    private static object? Value(sqlite3_stmt statement, int column) => raw.sqlite3_column_type(statement, column) switch
    {
        raw.SQLITE_INTEGER => raw.sqlite3_column_int64(statement, column),
        raw.SQLITE_FLOAT => raw.sqlite3_column_double(statement, column),
        raw.SQLITE_TEXT => raw.sqlite3_column_text(statement, column).utf8_to_string(),
        raw.SQLITE_BLOB => raw.sqlite3_column_blob(statement, column).ToArray(),
        _ => null,
    };

    private static bool IsBlank(ReadOnlySpan<byte> text)
    {
        foreach (var b in text)
        {
            if (b is not ((byte)' ' or (byte)'\t' or (byte)'\n' or (byte)'\r' or (byte)'\f' or (byte)'\v'))
            {
                return false;
            }
        }

        return true;
    }

    private static void StepToEnd(sqlite3 db, sqlite3_stmt statement, long started, int timeoutSeconds)
    {
        var rc = FirstStep(statement, started, timeoutSeconds);
        while (rc == raw.SQLITE_ROW)
        {
            rc = raw.sqlite3_step(statement);
        }

        ThrowUnlessDone(rc, db);
    }

    /// <summary>The first step, tried again while the database is busy, as the driver tries only the first.</summary>
    private static int FirstStep(sqlite3_stmt statement, long started, int timeoutSeconds)
    {
        int rc;
        while (IsBusy(rc = raw.sqlite3_step(statement)) && WaitAgain(started, timeoutSeconds))
        {
            raw.sqlite3_reset(statement);
        }

        return rc;
    }

    private static void ThrowUnlessDone(int rc, sqlite3 db)
    {
        if (rc != raw.SQLITE_DONE)
        {
            SqliteException.ThrowExceptionForRC(rc, db);
        }
    }

    // As the driver: SQLite's busy handler has already waited busy_timeout; the timeout bounds the rest.
    private static bool WaitAgain(long started, int timeoutSeconds)
    {
        if (timeoutSeconds != 0 && Stopwatch.GetElapsedTime(started).TotalMilliseconds >= timeoutSeconds * 1000L)
        {
            return false;
        }

        Thread.Sleep(BusyPauseMilliseconds);
        return true;
    }

    private static bool IsBusy(int rc) => rc is raw.SQLITE_BUSY or raw.SQLITE_LOCKED or raw.SQLITE_LOCKED_SHAREDCACHE;
}
