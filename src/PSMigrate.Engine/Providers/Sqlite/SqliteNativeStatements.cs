using System.Buffers;
using System.Diagnostics;
using System.Text;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace PSMigrate.Engine.Providers.Sqlite;

/// <summary>
/// Statements that return nothing, run on the connection's native handle. Microsoft.Data.Sqlite
/// builds a command, a statement list, a weak reference and a data reader for every execution
/// (about 2 MB of an upgrade of a thousand revisions). The outcome is the driver's: the same
/// SQLite errors as <see cref="SqliteException"/>, a busy database retried until the timeout,
/// and the changed-row count summed over the statements of the text as <c>ExecuteNonQuery</c>
/// sums it.
/// </summary>
internal static class SqliteNativeStatements
{
    private const int StackLimit = 512;

    // A larger buffer is the statement's own, not one the shared pool would keep for the session.
    private const int PoolLimit = 64 * 1024;
    private const int BusyPauseMilliseconds = 150;

    public static int Execute(SqliteConnection connection, string sql, int timeoutSeconds)
    {
        var db = connection.Handle ?? throw new InvalidOperationException("The SQLite connection is not open.");
        var length = Encoding.UTF8.GetByteCount(sql);
        var rented = length > StackLimit && length <= PoolLimit ? ArrayPool<byte>.Shared.Rent(length) : null;
        try
        {
            Span<byte> utf8 = length > PoolLimit ? new byte[length] : rented ?? stackalloc byte[StackLimit];
            utf8 = utf8[..Encoding.UTF8.GetBytes(sql, utf8)];
            return ExecuteAll(db, utf8, timeoutSeconds);
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
            int rc;
            sqlite3_stmt statement;
            ReadOnlySpan<byte> rest;
            while (IsBusy(rc = raw.sqlite3_prepare_v2(db, text, out statement, out rest)) && WaitAgain(started, timeoutSeconds))
            {
                statement.Dispose();
            }

            using (statement)
            {
                SqliteException.ThrowExceptionForRC(rc, db);
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
            }

            text = rest;
        }

        return changed;
    }

    private static void StepToEnd(sqlite3 db, sqlite3_stmt statement, long started, int timeoutSeconds)
    {
        int rc;
        while (IsBusy(rc = raw.sqlite3_step(statement)) && WaitAgain(started, timeoutSeconds))
        {
            raw.sqlite3_reset(statement);
        }

        while (rc == raw.SQLITE_ROW)
        {
            rc = raw.sqlite3_step(statement);
        }

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
