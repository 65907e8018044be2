using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace PSMigrate.Engine.Providers.Sqlite;

/// <summary>
/// Rows into SQLite through one INSERT prepared on the connection's native handle, each value
/// bound by position. Microsoft.Data.Sqlite's prepared command looks every parameter up by name
/// and opens a reader on every execution, which is about half the time of a million-row seed.
/// Values whose storage Microsoft.Data.Sqlite decides by its own rules (dates, GUIDs, decimals,
/// enums, NaN, ...) and a busy database (which it retries) go through its command instead, so
/// every row is stored exactly as the driver would store it.
/// </summary>
internal sealed class SqliteBulkInsert : IDisposable
{
    private const int NotNative = -1;

    private readonly SqliteConnection connection;
    private readonly SqliteTransaction? transaction;
    private readonly string sql;
    private readonly int width;
    private sqlite3_stmt? statement;
    private SqliteCommand? command;
    private SqliteParameter[] parameters = [];

    private SqliteBulkInsert(SqliteConnection connection, SqliteTransaction? transaction, string sql, int width)
    {
        this.connection = connection;
        this.transaction = transaction;
        this.sql = sql;
        this.width = width;
    }

    /// <summary>
    /// The native path needs the write lock already held (the provider's transactions are
    /// IMMEDIATE), so a native step is refused as busy only where SQLite must upgrade the lock;
    /// that row then waits through the driver's retry. Without a transaction every row autocommits
    /// and may meet another writer, so every row goes through the driver.
    /// </summary>
    public static long Insert(SqliteConnection connection, SqliteTransaction? transaction, string table, IReadOnlyList<string> quotedColumns, IEnumerable<object?[]> rows)
    {
        // The same positional names serve the native statement (bound by index) and the driver's command (bound by name).
        var sql = $"INSERT INTO {table} ({string.Join(", ", quotedColumns)}) VALUES ({string.Join(", ", quotedColumns.Select((_, i) => ParameterName(i)))})";
        using var insert = new SqliteBulkInsert(connection, transaction, sql, quotedColumns.Count);
        long count = 0;
        foreach (var row in rows)
        {
            insert.Add(row);
            count++;
        }

        return count;
    }

    private void Add(object?[] row)
    {
        if (transaction is null || !BindNative(row) || !StepNative())
        {
            ExecuteThroughDriver(row);
        }
    }

    private bool BindNative(object?[] row)
    {
        if (statement is null)
        {
            ThrowOnError(raw.sqlite3_prepare_v2(connection.Handle, sql, out var prepared));
            statement = prepared;
        }

        for (var i = 0; i < width; i++)
        {
            var rc = Bind(i + 1, row[i]);
            if (rc == NotNative)
            {
                return false;
            }

            ThrowOnError(rc);
        }

        return true;
    }

    // Only the types whose storage is the same whoever binds them: Microsoft.Data.Sqlite stores
    // integers and booleans as INTEGER, finite floating point as REAL, strings as TEXT, bytes as BLOB.
    private int Bind(int index, object? value) => value switch
    {
        null or DBNull => raw.sqlite3_bind_null(statement, index),
        string text => raw.sqlite3_bind_text(statement, index, text),
        long number => raw.sqlite3_bind_int64(statement, index, number),
        int number => raw.sqlite3_bind_int64(statement, index, number),
        short number => raw.sqlite3_bind_int64(statement, index, number),
        byte number => raw.sqlite3_bind_int64(statement, index, number),
        sbyte number => raw.sqlite3_bind_int64(statement, index, number),
        ushort number => raw.sqlite3_bind_int64(statement, index, number),
        uint number => raw.sqlite3_bind_int64(statement, index, number),
        bool flag => raw.sqlite3_bind_int64(statement, index, flag ? 1 : 0),
        double number when !double.IsNaN(number) => raw.sqlite3_bind_double(statement, index, number),
        float number when !float.IsNaN(number) => raw.sqlite3_bind_double(statement, index, number),
        byte[] bytes => raw.sqlite3_bind_blob(statement, index, bytes),
        _ => NotNative,
    };

    private bool StepNative()
    {
        var rc = raw.sqlite3_step(statement);
        raw.sqlite3_reset(statement);
        if (rc == raw.SQLITE_DONE)
        {
            return true;
        }

        if ((rc & 0xff) is raw.SQLITE_BUSY or raw.SQLITE_LOCKED)
        {
            return false;
        }

        ThrowOnError(rc);
        return true;
    }

    private void ExecuteThroughDriver(object?[] row)
    {
        if (command is null)
        {
            command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = sql;
            parameters = Enumerable.Range(0, width).Select(i => command.Parameters.Add(new SqliteParameter { ParameterName = ParameterName(i) })).ToArray();
            command.Prepare();
        }

        for (var i = 0; i < width; i++)
        {
            parameters[i].Value = row[i] ?? DBNull.Value;
        }

        command.ExecuteNonQuery();
    }

    private static string ParameterName(int index) => "$p" + index;

    private void ThrowOnError(int rc)
    {
        if (rc != 0)
        {
            SqliteException.ThrowExceptionForRC(rc, connection.Handle);
        }
    }

    public void Dispose()
    {
        statement?.Dispose();
        command?.Dispose();
    }
}
