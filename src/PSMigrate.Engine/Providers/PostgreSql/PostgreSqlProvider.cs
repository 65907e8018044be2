using System.Data.Common;
using System.Data;
using System.Security.Cryptography;
using System.Text;
using Npgsql;
using PSMigrate.Engine.Operations;
using PSMigrate.Engine.Sql;

namespace PSMigrate.Engine.Providers.PostgreSql;

/// <summary>PostgreSQL through Npgsql; TLS stays at Npgsql's default (SSL Mode=Prefer).</summary>
internal sealed class PostgreSqlProvider : AdoNetProvider<NpgsqlConnectionStringBuilder>
{
    protected override string DisplayName(NpgsqlConnectionStringBuilder builder) =>
        $"{builder.Host}{(builder.Port == NpgsqlConnection.DefaultPort ? string.Empty : ":" + builder.Port)}/{builder.Database ?? builder.Username}";

    private const string QueryCanceled = "57014";
    private const string LockNotAvailable = "55P03";

    public override ProviderKind Kind => ProviderKind.PostgreSql;

    public override ISqlDialect Dialect { get; } = new PostgreSqlDialect();

    public override ISchemaRenderer Renderer => new PostgreSqlSchemaRenderer(Dialect);

    /// <summary>Binary COPY, with each value converted to the column's own type first.</summary>
    public override long BulkInsert(DbConnection connection, DbTransaction? transaction, string table, IReadOnlyList<string> columns, IEnumerable<object?[]> rows) =>
        PostgreSqlCopy.Import((NpgsqlConnection)connection, Dialect, table, columns, rows);

    // Npgsql cuts command text at semicolons it does not know to be inside a body (a BEGIN ATOMIC
    // function). A positional parameter puts the command in raw mode, where the text is sent
    // whole; the server ignores a parameter the statement does not use.
    public override void SendAsWritten(DbCommand command)
    {
        if (command.Parameters.Count == 0 && command.CommandText.Contains(';', StringComparison.Ordinal))
        {
            command.Parameters.Add(new NpgsqlParameter { Value = 0 });
        }
    }

    public override void SendAsWritten(DbBatchCommand command)
    {
        if (command.Parameters.Count == 0 && command.CommandText.Contains(';', StringComparison.Ordinal))
        {
            command.Parameters.Add(new NpgsqlParameter { Value = 0 });
        }
    }

    // Npgsql sends a batch in one write and reads each command's result in turn; an error stops
    // the batch at the failing command, which the exception names.
    public override bool SupportsBatches => true;

    // Npgsql leaves BatchCommand unset for most server errors, but marks each command the server
    // completed with its statement type: the first one left Unknown is the one that failed.
    public override int? FailedBatchCommand(DbBatch batch, DbException error)
    {
        if (base.FailedBatchCommand(batch, error) is { } named)
        {
            return named;
        }

        var commands = batch.BatchCommands.Cast<NpgsqlBatchCommand>().ToList();
        var index = commands.FindIndex(c => c.StatementType == Npgsql.StatementType.Unknown);
        return index < 0 ? null : index;
    }

    public override void CopyIn(DbConnection connection, string copyStatement, string data)
    {
        // psql sends the lines as they are; the server reads the text or CSV format itself.
        using var writer = ((NpgsqlConnection)connection).BeginTextImport(copyStatement);
        writer.Write(data);
    }

    protected override string UserNameKey => "Username";

    // The server enforces CommandTimeout per statement (statement_timeout, set with the session);
    // the driver's own timeout only catches a server or network that stops answering, so it
    // waits longer than the server's and never pre-empts its error.
    public override int CommandTimeout(int commandTimeout, int lockWaitTimeout) => commandTimeout > 0 ? commandTimeout + ServerTimeoutGraceSeconds : 0;

    private const int ServerTimeoutGraceSeconds = 5;

    // A server database always "exists" for reading: connecting tells whether it really does.

    public override DbTransaction BeginTransaction(DbConnection connection) => ((NpgsqlConnection)connection).BeginTransaction();

    /// <summary>A session-level advisory lock keyed on the version table, so runs on other tables do not wait.</summary>
    public override IDisposable AcquireRunLock(DbConnection connection, string connectionString, VersionTables tables, TimeSpan timeout, Action<string> waiting, CancellationToken cancellation)
    {
        var key = BitConverter.ToInt64(SHA256.HashData(Encoding.UTF8.GetBytes($"psmigrate:{tables.Schema}.{tables.VersionTable}")), 0);
        bool Run(string function)
        {
            using var command = connection.CreateCommand();
            command.CommandText = $"SELECT {function}({key})";
            return command.ExecuteScalar() is true;
        }

        return RunLock.Acquire(() => Run("pg_try_advisory_lock"), () => Run("pg_advisory_unlock"), timeout, waiting,
            $"PostgreSQL database '{connection.Database}'", cancellation);
    }

    public override DriverFailure Describe(Exception error, DbConnection? connection) => error switch
    {
        // A command timeout breaks the connection too: it is a timeout, not a lost connection.
        NpgsqlException { InnerException: TimeoutException } => new DriverFailure(DriverFailureKind.StatementTimeout, "the server did not answer in time"),
        PostgresException { SqlState: LockNotAvailable } e => new DriverFailure(DriverFailureKind.LockWaitTimeout, ServerMessage(e), e.Position > 0 ? e.Position : null),
        PostgresException { SqlState: QueryCanceled } e => new DriverFailure(DriverFailureKind.Cancelled, ServerMessage(e)),
        _ when connection is { State: ConnectionState.Broken or ConnectionState.Closed } && error is NpgsqlException or InvalidOperationException =>
            new DriverFailure(DriverFailureKind.ConnectionLost, error is PostgresException pg ? ServerMessage(pg) : error.InnerException?.Message ?? error.Message),
        PostgresException e => new DriverFailure(DriverFailureKind.Error, ServerMessage(e), e.Position > 0 ? e.Position : null, LineInData: CopyLine(e)),
        _ => new DriverFailure(DriverFailureKind.Error, error.Message),
    };

    /// <summary>Other sessions' locks on tables of this database, with who holds them and what they are doing.</summary>
    public override string? DescribeLockHolders(DbConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT l.relation::regclass::text, l.mode, a.pid, coalesce(a.usename, ''), coalesce(a.application_name, ''), coalesce(a.state, ''),
                   left(coalesce(a.query, ''), 120)
            FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
            WHERE l.granted AND l.relation IS NOT NULL AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
              AND l.pid <> pg_backend_pid() AND l.relation::regclass::text NOT LIKE 'pg\_%'
            ORDER BY 1, 3 LIMIT 10
            """;
        using var reader = command.ExecuteReader();
        var holders = new List<string>();
        while (reader.Read())
        {
            holders.Add($"{reader.GetString(0)} ({reader.GetString(1)}) held by backend {reader.GetInt32(2)}" +
                        $"{(reader.GetString(3).Length > 0 ? $" of {reader.GetString(3)}" : string.Empty)}" +
                        $"{(reader.GetString(4).Length > 0 ? $" ({reader.GetString(4)})" : string.Empty)}, {reader.GetString(5)}: {reader.GetString(6)}");
        }

        return holders.Count == 0 ? null : "Locks other sessions hold now: " + string.Join("; ", holders) + ".";
    }

    public override void ClearPool(DbConnection connection) => NpgsqlConnection.ClearPool((NpgsqlConnection)connection);

    public override IOfflineCatalog CreateOfflineCatalog(DbConnection? seed) => new NoOfflineCatalog();

    protected override NpgsqlConnectionStringBuilder CreateBuilder(string connectionString) => new(connectionString);

    protected override DbConnection CreateConnection(string connectionString) => PostgreSqlLoopback.Connect(connectionString);

    /// <summary>The server's message with its detail and hint, without Npgsql's SQLSTATE prefix and POSITION suffix.</summary>
    /// <summary>The data line a COPY failed on, from the server's context "COPY t, line 3, column x: ...".</summary>
    private static int? CopyLine(PostgresException error) =>
        error.Where is { } where && System.Text.RegularExpressions.Regex.Match(where, @"^COPY [^,]+, line (\d+)") is { Success: true } match
            ? int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)
            : null;

    private static string ServerMessage(PostgresException error)
    {
        var text = new StringBuilder(error.MessageText);
        if (!string.IsNullOrWhiteSpace(error.Detail))
        {
            text.Append(" (").Append(error.Detail.TrimEnd('.')).Append(')');
        }

        if (!string.IsNullOrWhiteSpace(error.Hint))
        {
            text.Append(". Hint: ").Append(error.Hint.TrimEnd('.'));
        }

        return text.ToString();
    }

    public override DatabaseSchema ReadSchema(ISchemaCatalog catalog, VersionTables tables) => PostgreSqlSchemaReader.Read(catalog, tables, Dialect);

    public override Schema.IScratchDatabase CreateScratch(string connectionString, string? devConnectionString) => new PostgreSqlScratchDatabase(connectionString, devConnectionString);

    public override Hazards.HazardRules CreateHazardRules() => new PostgreSqlHazardRules();

    public override bool CanMeasureSteps => true;

    public override IReadOnlyList<Hazards.MeasuredEffect> Measure(DbConnection connection, DbTransaction transaction, Action run) =>
        PostgreSqlStepMeasurement.Measure((NpgsqlConnection)connection, (NpgsqlTransaction)transaction, run);
}
