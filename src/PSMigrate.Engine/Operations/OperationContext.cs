using System.Data.Common;
using PSMigrate.Engine.Providers;
using PSMigrate.Engine.Revisions;

namespace PSMigrate.Engine.Operations;

/// <summary>
/// Where a PowerShell revision's operations go: to the live database inside the revision's
/// transaction, or (offline, for -Script) into a list of statements.
/// </summary>
public sealed class OperationContext
{
    private readonly List<string> collected = [];

    private OperationContext(IMigrationProvider provider, MigrationRevision revision, MigrationDirection direction,
        DbConnection? connection, DbTransaction? transaction, int commandTimeout, OfflineCatalog catalog)
    {
        Provider = provider;
        Revision = revision;
        Direction = direction;
        Connection = connection;
        Transaction = transaction;
        CommandTimeout = commandTimeout;
        Catalog = catalog;
    }

    public IMigrationProvider Provider { get; }
    public MigrationRevision Revision { get; }
    public MigrationDirection Direction { get; }

    /// <summary>The revision's connection; null offline.</summary>
    public DbConnection? Connection { get; }

    /// <summary>The revision's transaction; null offline or for 'Transaction: none' revisions.</summary>
    public DbTransaction? Transaction { get; }

    public bool IsOffline => Connection is null;

    public int CommandTimeout { get; }

    /// <summary>Offline: the tables earlier operations of the same script created, for dialects that need them.</summary>
    public OfflineCatalog Catalog { get; }

    /// <summary>Called with each statement before it runs (or is collected).</summary>
    public Action<string>? Log { get; set; }

    public int StatementCount { get; private set; }

    public IReadOnlyList<string> Collected => collected;

    /// <summary>An operation's error, pointing at the running revision and its file.</summary>
    public MigrationException Error(string errorId, MigrationErrorKind kind, string message) =>
        new(errorId, kind, message, Revision.Path) { Revision = Revision.Revision, FilePath = Revision.Path };

    public static OperationContext Live(IMigrationProvider provider, MigrationRevision revision, MigrationDirection direction,
        DbConnection connection, DbTransaction? transaction, int commandTimeout) =>
        new(provider, revision, direction, connection, transaction, commandTimeout, new OfflineCatalog());

    public static OperationContext Offline(IMigrationProvider provider, MigrationRevision revision, MigrationDirection direction, OfflineCatalog catalog) =>
        new(provider, revision, direction, null, null, 0, catalog);

    public void Run(IEnumerable<string> statements)
    {
        foreach (var statement in statements)
        {
            StatementCount++;
            Log?.Invoke(statement);
            if (Connection is null)
            {
                collected.Add(statement);
                continue;
            }

            using var command = Command(statement);
            command.ExecuteNonQuery();
        }
    }

    /// <summary>Rows of a query against the live database, as column-name dictionaries.</summary>
    public List<Dictionary<string, object?>> Query(string sql)
    {
        if (Connection is null)
        {
            throw Error("PSMigrate.OfflineQuery", MigrationErrorKind.NotSupported,
                $"Revision {Revision.Revision} reads from the database, which an offline script (-Script) cannot do. Check $Migration.IsOffline in the revision to skip such steps offline.");
        }

        using var command = Command(sql);
        using var reader = command.ExecuteReader();
        var rows = new List<Dictionary<string, object?>>();
        while (reader.Read())
        {
            var row = new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase);
            for (var i = 0; i < reader.FieldCount; i++)
            {
                row[reader.GetName(i)] = reader.IsDBNull(i) ? null : reader.GetValue(i);
            }

            rows.Add(row);
        }

        return rows;
    }

    private DbCommand Command(string sql)
    {
        var command = Connection!.CreateCommand();
        command.CommandText = sql;
        command.Transaction = Transaction;
        command.CommandTimeout = CommandTimeout;
        return command;
    }
}

/// <summary>Table definitions an offline script has created so far (CREATE TABLE text and its indexes).</summary>
public sealed class OfflineCatalog
{
    public Dictionary<string, string> Tables { get; } = new(StringComparer.OrdinalIgnoreCase);

    public Dictionary<string, List<(string Name, string Sql)>> Indexes { get; } = new(StringComparer.OrdinalIgnoreCase);
}
