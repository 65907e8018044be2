using System.Data.Common;
using System.Data;
using PSMigrate.Engine.Configuration;
using PSMigrate.Engine.Providers;
using PSMigrate.Engine.Sql;

namespace PSMigrate.Engine.Execution;

/// <summary>
/// One open connection to the database being migrated, with its transaction, command timeout
/// and cancellation. Driver exceptions become PSMigrate errors here (<see cref="Translate"/>),
/// naming the database with its password hidden.
/// </summary>
internal sealed class DatabaseSession : IDisposable
{
    private readonly CancellationTokenRegistration cancelRunning;
    private DbCommand? running;
    private DbBatch? runningBatch;

    private DatabaseSession(DatabaseTarget database, DbConnection connection, CancellationToken cancellation)
    {
        Database = database;
        Tables = database.Tables;
        Connection = connection;
        Cancellation = cancellation;

        // Ctrl+C cancels the statement running on the server, so the revision rolls back at once.
        cancelRunning = cancellation.Register(() =>
        {
            try
            {
                if (Volatile.Read(ref runningBatch) is { } batch)
                {
                    batch.Cancel();
                }
                else
                {
                    database.Provider.Cancel(Volatile.Read(ref running), connection);
                }
            }
            catch (Exception error) when (error is DbException or InvalidOperationException or ObjectDisposedException)
            {
            }
        });
    }

    public DatabaseTarget Database { get; }

    /// <summary>The engine's tables, named with the configured schema or the one the connection started in.</summary>
    public VersionTables Tables { get; private set; }

    public DbConnection Connection { get; }

    public DbTransaction? Transaction { get; private set; }

    public CancellationToken Cancellation { get; }

    public IMigrationProvider Provider => Database.Provider;

    private int Timeout => Provider.CommandTimeout(Database.Settings.CommandTimeout, Database.Settings.LockWaitTimeout);

    private long commandStarted;

    private bool inStatementTransaction;

    private bool RanPastCommandTimeout => Database.CommandTimeout > 0 &&
        System.Diagnostics.Stopwatch.GetElapsedTime(commandStarted) >= TimeSpan.FromSeconds(Database.CommandTimeout);

    public bool IsBroken => Connection.State is ConnectionState.Broken or ConnectionState.Closed;

    /// <summary>Connects (creating a SQLite file if need be) and runs the dialect's session settings.</summary>
    public static DatabaseSession Open(DatabaseTarget database, CancellationToken cancellation = default)
    {
        cancellation.ThrowIfCancellationRequested();
        DbConnection connection;
        try
        {
            connection = database.Provider.Open(database.ConnectionString);
        }
        catch (Exception error) when (error is DbException or InvalidOperationException or ArgumentException or IOException)
        {
            throw new MigrationException(MigrationErrors.ConnectionFailed,
                $"Cannot connect to the {database.Kind} database ({database.Display}): {database.Provider.Describe(error, null).Message}",
                database.Display, error) { Database = database.Display };
        }

        var session = new DatabaseSession(database, connection, cancellation);
        try
        {
            database.Provider.PrepareSession(connection, database.Settings.Session);
            foreach (var statement in database.Provider.Dialect.SessionSetup(database.Settings.Session))
            {
                session.Guarded("preparing the session", () => session.Execute(statement));
            }

            if (database.Tables.Schema is null)
            {
                var schema = session.Guarded("reading the current schema", () => session.Query(database.Provider.Dialect.CurrentSchemaQuery).FirstOrDefault()?.Values.FirstOrDefault()) as string;
                session.Tables = database.Tables with
                {
                    Schema = schema ?? throw new MigrationException(MigrationErrors.InvalidSetting,
                        $"The {database.Kind} connection has no current schema to keep the version table in (search_path names no existing schema): set Schema in psmigrate.psd1 or fix the search_path of the role.",
                        database.Display) { Database = database.Display },
                };
            }

            return session;
        }
        catch
        {
            session.Dispose();
            throw;
        }
    }

    /// <summary>Opens for reading only; null when the database does not exist yet, so nothing is created.</summary>

    /// <summary>A session on the database if it is there, creating nothing; an error if it cannot be there at all.</summary>
    public static DatabaseSession? OpenIfPresent(DatabaseTarget database, out DatabaseAbsence? absence, CancellationToken cancellation)
    {
        absence = database.Provider.FindAbsence(database.ConnectionString);
        if (absence is null)
        {
            return Open(database, cancellation);
        }

        return absence.CanBeCreated
            ? null
            : throw new MigrationException(MigrationErrors.DatabaseNotFound, absence.Message, database.Display) { Database = database.Display };
    }

    /// <summary>
    /// Opens a transaction: with the provider's own statement where it has one, or the driver's
    /// transaction object, which PowerShell code gets to put its own commands in.
    /// </summary>
    public void Begin(bool forPowerShell = false)
    {
        if (!forPowerShell && Provider.BeginStatement is { } begin)
        {
            Execute(begin);
            inStatementTransaction = true;
            return;
        }

        Transaction = Provider.BeginTransaction(Connection);
    }

    public void Commit()
    {
        if (inStatementTransaction)
        {
            // A COMMIT that fails leaves the transaction open, for the rollback that follows.
            Execute("COMMIT");
            inStatementTransaction = false;
            return;
        }

        Transaction?.Commit();
        DisposeTransaction();
    }

    /// <summary>Rolls back quietly: on a broken connection the server has already done it.</summary>
    public void Rollback()
    {
        try
        {
            if (inStatementTransaction && !IsBroken)
            {
                // Without Execute's cancellation check: a run being stopped still rolls back.
                ExecuteEvenIfStopped("ROLLBACK");
            }
            else if (Transaction is not null && !IsBroken)
            {
                Transaction.Rollback();
            }
        }
        catch (Exception error) when (error is DbException or InvalidOperationException)
        {
        }
        finally
        {
            inStatementTransaction = false;
            DisposeTransaction();
        }
    }

    public int Execute(string sql)
    {
        Cancellation.ThrowIfCancellationRequested();
        return ExecuteEvenIfStopped(sql);
    }

    private int ExecuteEvenIfStopped(string sql)
    {
        if (Provider.TryExecuteNative(Connection, sql, Timeout, out var changed))
        {
            return changed;
        }

        using var command = NewCommand(sql);
        return command.ExecuteNonQuery();
    }

    public void Copy(string sql, string data) => Provider.CopyIn(Connection, sql, data);

    /// <summary>
    /// The statements as one batch: one round trip, each statement its own command. Returns each
    /// one's changed-row count; a failure names the statement it stopped at.
    /// </summary>
    public IReadOnlyList<int> ExecuteBatch(IReadOnlyList<string> statements)
    {
        Cancellation.ThrowIfCancellationRequested();
        commandStarted = System.Diagnostics.Stopwatch.GetTimestamp();
        using var batch = Connection.CreateBatch();
        batch.Transaction = Transaction;
        batch.Timeout = Timeout;
        foreach (var sql in statements)
        {
            var command = batch.CreateBatchCommand();
            command.CommandText = sql;
            Provider.SendAsWritten(command);
            batch.BatchCommands.Add(command);
        }

        Volatile.Write(ref runningBatch, batch);
        try
        {
            batch.ExecuteNonQuery();
        }
        catch (DbException error) when (Provider.FailedBatchCommand(batch, error) is { } index)
        {
            throw new BatchCommandFailedException(index, error);
        }
        finally
        {
            Volatile.Write(ref runningBatch, null);
        }

        return batch.BatchCommands.Select(c => c.RecordsAffected).ToList();
    }

    public object? Scalar(string sql)
    {
        using var command = Command(sql);
        return command.ExecuteScalar();
    }

    public IReadOnlyList<IReadOnlyDictionary<string, object?>> Query(string sql)
    {
        Cancellation.ThrowIfCancellationRequested();
        if (Provider.QueryNative(Connection, sql, Timeout) is { } rows)
        {
            return rows;
        }

        using var command = Command(sql);
        using var reader = command.ExecuteReader();
        var read = new List<IReadOnlyDictionary<string, object?>>();
        while (reader.Read())
        {
            var row = new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase);
            for (var i = 0; i < reader.FieldCount; i++)
            {
                row[reader.GetName(i)] = reader.IsDBNull(i) ? null : reader.GetValue(i);
            }

            read.Add(row);
        }

        return read;
    }

    /// <summary>A command in the session's transaction, the one the run's cancellation cancels on the server.</summary>
    public DbCommand Command(string sql)
    {
        Cancellation.ThrowIfCancellationRequested();
        return NewCommand(sql);
    }

    private DbCommand NewCommand(string sql)
    {
        var command = Connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = Transaction;
        command.CommandTimeout = Timeout;
        Provider.SendAsWritten(command);
        Volatile.Write(ref running, command);
        commandStarted = System.Diagnostics.Stopwatch.GetTimestamp();
        return command;
    }

    /// <summary>Runs engine work, turning a driver exception into a PSMigrate error that says what was being done.</summary>
    public T Guarded<T>(string doing, Func<T> work)
    {
        try
        {
            return work();
        }
        catch (Exception error) when (IsDriverError(error))
        {
            throw Translate(error, $"{char.ToUpperInvariant(doing[0])}{doing[1..]} failed");
        }
    }

    public void Guarded(string doing, Action work) => Guarded(doing, () =>
    {
        work();
        return 0;
    });

    public static bool IsDriverError(Exception error) =>
        error is DbException or InvalidOperationException or OperationCanceledException or TimeoutException;

    /// <summary>
    /// The one translation of a driver exception: a lost connection, a timeout, a lock wait or a
    /// cancellation gets its own id; anything else the id given. The message starts with what
    /// failed and names the database; the server's own words follow.
    /// </summary>
    public MigrationException Translate(Exception error, string what, MigrationError? otherwise = null, string? outcome = null, bool namesDatabase = true)
    {
        var failure = error is OperationCanceledException
            ? new DriverFailure(DriverFailureKind.Cancelled, "the run was stopped")
            : Provider.Describe(error, Connection);
        if (Cancellation.IsCancellationRequested && failure.Kind is DriverFailureKind.Error or DriverFailureKind.Cancelled)
        {
            failure = failure with { Kind = DriverFailureKind.Cancelled };
        }
        else if (failure.Kind == DriverFailureKind.Cancelled && RanPastCommandTimeout)
        {
            // The server cancelled it, not this run: a server-side statement timeout says so in
            // the server's language only, so the time the command ran tells it apart.
            failure = failure with { Kind = DriverFailureKind.StatementTimeout };
        }

        var (entry, explanation) = failure.Kind switch
        {
            DriverFailureKind.ConnectionLost => (MigrationErrors.ConnectionLost, "the connection to the database was lost"),
            DriverFailureKind.StatementTimeout => (MigrationErrors.StatementTimeout, $"a statement timed out: it ran longer than CommandTimeout ({Database.CommandTimeout} s) and was stopped"),
            DriverFailureKind.LockWaitTimeout => (MigrationErrors.LockWaitTimeout, "it waited too long for a lock another session holds"),
            DriverFailureKind.Cancelled => (MigrationErrors.Cancelled, Cancellation.IsCancellationRequested
                ? "the run was stopped"
                : "the server cancelled the statement: another session or an administrator stopped it"),
            _ => (otherwise ?? MigrationErrors.DatabaseError, null as string),
        };

        var message = (namesDatabase ? $"{what} on {Database.Kind} {Database.Display}: " : $"{what}: ") +
                      (explanation is null ? Sentence(failure.Message) : $"{explanation} ({failure.Message.TrimEnd('.')}).");
        if (outcome is not null)
        {
            message += " " + outcome;
        }

        return new MigrationException(entry, message, Database.Display, error) { Database = Database.Display };
    }

    /// <summary>Text ending in a full stop, so the next sentence does not run into it.</summary>
    public static string Sentence(string text)
    {
        var trimmed = text.Trim();
        return trimmed.Length == 0 || trimmed[^1] is '.' or '!' or '?' ? trimmed : trimmed + ".";
    }

    public void Dispose()
    {
        cancelRunning.Dispose();
        Rollback();
        try
        {
            Provider.ClearPool(Connection);
        }
        catch (Exception error) when (error is DbException or InvalidOperationException)
        {
        }

        Connection.Dispose();
    }

    private void DisposeTransaction()
    {
        try
        {
            Transaction?.Dispose();
        }
        catch (Exception error) when (error is DbException or InvalidOperationException)
        {
        }

        Transaction = null;
    }
}

/// <summary>A batch stopped at one of its commands; the index says which, the inner exception why.</summary>
internal sealed class BatchCommandFailedException(int index, Exception inner) : Exception(inner.Message, inner)
{
    public int Index => index;
}
