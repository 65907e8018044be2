using System.Data.Common;
using System.Diagnostics;
using PSMigrate.Engine.Configuration;
using PSMigrate.Engine.Operations;
using PSMigrate.Engine.Planning;
using PSMigrate.Engine.Providers;
using PSMigrate.Engine.Revisions;

namespace PSMigrate.Engine.Execution;

/// <summary>
/// One open connection to the database being migrated. Each step runs in its own transaction
/// together with its version-table and history rows, so a failure leaves the database at the
/// revision before it.
/// </summary>
public sealed class MigrationSession : IDisposable
{
    private readonly MigrationTarget target;
    private readonly DbConnection connection;
    private readonly VersionStore store;

    private MigrationSession(MigrationTarget target, DbConnection connection)
    {
        this.target = target;
        this.connection = connection;
        store = new VersionStore(target.Provider.Dialect, target.Tables);
    }

    /// <summary>Called with each statement just before it runs; hosts show it as verbose output.</summary>
    public Action<string>? Log { get; set; }

    public MigrationTarget Target => target;

    /// <summary>Runs PowerShell revisions; the host sets it (the engine cannot run PowerShell itself).</summary>
    public IRevisionRunner? Runner { get; set; }

    /// <summary>Opens (creating a SQLite file if need be) and makes sure the engine's tables exist.</summary>
    public static MigrationSession Open(MigrationTarget target)
    {
        var session = Connect(target);
        try
        {
            session.EnsureTables();
            return session;
        }
        catch
        {
            session.Dispose();
            throw;
        }
    }

    /// <summary>Opens for reading only; null when the database does not exist yet, so nothing is created.</summary>
    public static MigrationSession? OpenExisting(MigrationTarget target) =>
        target.Provider.DatabaseExists(target.ConnectionString) || target.Provider.Kind != ProviderKind.Sqlite
            ? Connect(target)
            : null;

    /// <summary>Holds the database-wide deployment lock until disposed; re-read the heads after taking it.</summary>
    public IDisposable AcquireRunLock(TimeSpan timeout, Action<string> waiting) =>
        target.Provider.AcquireRunLock(connection, target.ConnectionString, target.Tables, timeout, waiting);

    public IReadOnlyList<string> ReadHeads() =>
        store.TablesExist(connection) ? store.ReadHeads(connection) : [];

    public IReadOnlyList<HistoryRecord> ReadHistory() =>
        store.TablesExist(connection) ? store.ReadHistory(connection) : [];

    public MigrationStepResult Apply(MigrationStep step)
    {
        var revision = step.Revision;
        var startedAt = DateTimeOffset.UtcNow;
        var clock = Stopwatch.StartNew();
        var inTransaction = revision.Transaction == TransactionMode.PerRevision;
        using var scope = revision.Kind == RevisionKind.PowerShell ? target.Provider.BeginSchemaChanges(connection) : NoRevisionScope.Instance;
        var statements = 0;

        if (!inTransaction)
        {
            CheckHeads(null, step.HeadsBefore);
            statements = RunBody(step, null);
        }

        using (var transaction = target.Provider.BeginTransaction(connection))
        {
            if (inTransaction)
            {
                CheckHeads(transaction, step.HeadsBefore);
                statements = RunBody(step, transaction);
            }

            scope.BeforeCommit(transaction);
            foreach (var change in store.HeadChanges(step))
            {
                Execute(change, transaction);
            }

            Execute(store.HistoryInsert(step, startedAt, clock.Elapsed, Environment.UserName, Environment.MachineName), transaction);
            transaction.Commit();
        }

        return new MigrationStepResult(
            revision.Revision, revision.Message, step.Direction, startedAt, clock.Elapsed, statements,
            revision.Path, step.HeadsAfter.ToArray());
    }

    private int RunBody(MigrationStep step, DbTransaction? transaction)
    {
        if (step.Revision.Kind == RevisionKind.Sql)
        {
            var statements = target.Provider.Dialect.Split(step.Revision.SectionFor(step.Direction));
            RunStatements(step, statements, transaction);
            return statements.Count;
        }

        var revision = step.Revision;
        var runner = Runner ?? throw new MigrationException("PSMigrate.NoRevisionRunner", MigrationErrorKind.NotSupported,
            $"Revision {revision.Revision} ({revision.Path}) is a PowerShell revision; run it through the PSMigrate module.", revision.Path)
            { Revision = revision.Revision, FilePath = revision.Path };
        var context = OperationContext.Live(target.Provider, revision, step.Direction, connection, transaction, target.CommandTimeout);
        context.Log = statement => Log?.Invoke($"{revision.Revision}: {StatementRedaction.Redact(statement)}");
        try
        {
            runner.Run(revision, step.Direction, new SchemaOperations(context));
        }
        catch (MigrationException error) when (error.Kind is MigrationErrorKind.ExecutionFailed or MigrationErrorKind.NotFound or MigrationErrorKind.InvalidTarget or MigrationErrorKind.NotSupported)
        {
            throw new MigrationException(error.ErrorId, error.Kind, $"{error.Message} {Outcome(step, transaction, error.Line)}", error.Target, error.InnerException ?? error)
            {
                FilePath = error.FilePath ?? revision.Path,
                Line = error.Line,
                Revision = revision.Revision,
            };
        }

        return context.StatementCount;
    }

    private static string Outcome(MigrationStep step, DbTransaction? transaction, int? line) =>
        transaction is null
            ? $"This revision runs without a transaction, so what ran before {(line is null ? "the failure" : $"line {line}")} stays applied; the version table still says {MigrationHeads.Describe(step.HeadsBefore)}."
            : $"The revision was rolled back; the database is still at {MigrationHeads.Describe(step.HeadsBefore)}.";

    /// <summary>Records new heads without running any revision (Alembic's stamp).</summary>
    public void Stamp(IReadOnlyList<string> headsBefore, IReadOnlyList<string> headsAfter)
    {
        using var transaction = target.Provider.BeginTransaction(connection);
        CheckHeads(transaction, headsBefore);
        foreach (var change in store.StampChanges(headsBefore, headsAfter, DateTimeOffset.UtcNow, Environment.UserName, Environment.MachineName))
        {
            Execute(change, transaction);
        }

        transaction.Commit();
    }

    public void Dispose() => connection.Dispose();

    /// <summary>Connects without creating the engine's tables; take the run lock, then call <see cref="EnsureTables"/>.</summary>
    public static MigrationSession Connect(MigrationTarget target)
    {
        try
        {
            return new MigrationSession(target, target.Provider.Open(target.ConnectionString));
        }
        catch (Exception error) when (error is DbException or InvalidOperationException or ArgumentException)
        {
            throw new MigrationException("PSMigrate.ConnectionFailed", MigrationErrorKind.ExecutionFailed,
                $"Cannot connect to the {target.Provider.Kind} database ({target.Display}): {error.Message}", target.Display, error);
        }
    }

    /// <summary>Creates the version and history tables when missing.</summary>
    public void EnsureTables()
    {
        if (store.TablesExist(connection))
        {
            return;
        }

        using var transaction = target.Provider.BeginTransaction(connection);
        foreach (var statement in store.CreateTables())
        {
            Execute(statement, transaction);
        }

        transaction.Commit();
    }

    private void CheckHeads(DbTransaction? transaction, IReadOnlyList<string> expected)
    {
        var actual = store.ReadHeads(connection, transaction);
        if (!actual.SequenceEqual(expected.Order(StringComparer.Ordinal), StringComparer.Ordinal))
        {
            throw new MigrationException("PSMigrate.ConcurrentChange", MigrationErrorKind.ConcurrentChange,
                $"The version table changed while this run was working: expected {MigrationHeads.Describe(expected)}, found {MigrationHeads.Describe(actual)}. Another deployment may be migrating the same database; run again to plan from where it is now.",
                target.Display);
        }
    }

    private void RunStatements(MigrationStep step, IReadOnlyList<SqlStatement> statements, DbTransaction? transaction)
    {
        var revision = step.Revision;
        foreach (var statement in statements)
        {
            Log?.Invoke($"{revision.Revision} line {statement.Line}: {StatementRedaction.Redact(statement.Text)}");
            try
            {
                for (var run = 0; run < statement.Repeat; run++)
                {
                    Execute(statement.Text, transaction);
                }
            }
            catch (DbException error)
            {
                throw new MigrationException("PSMigrate.RevisionFailed", MigrationErrorKind.ExecutionFailed,
                    $"{step.Direction} of revision {revision.Revision} ('{revision.Message}') failed at {revision.Path}:{statement.Line}: {error.Message} {Outcome(step, transaction, statement.Line)}",
                    revision.Path, error)
                {
                    FilePath = revision.Path,
                    Line = statement.Line,
                    Revision = revision.Revision,
                };
            }
        }
    }

    private void Execute(string sql, DbTransaction? transaction)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        command.CommandTimeout = target.CommandTimeout;
        command.ExecuteNonQuery();
    }

}
