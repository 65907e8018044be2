using System.Data.Common;
using PSMigrate.Commands;
using PSMigrate.Engine.Execution;

namespace PSMigrate;

/// <summary>
/// $Migration inside a PowerShell revision: which revision runs, which way, on what database,
/// and (online) its connection and transaction for code the operation cmdlets do not cover.
/// </summary>
public sealed class MigrationRevisionContext
{
    private readonly SchemaOperations operations;

    internal MigrationRevisionContext(SchemaOperations operations)
    {
        this.operations = operations;
        Revision = operations.Revision.Revision;
        Message = operations.Revision.Message;
        Path = operations.Revision.Path;
        Direction = operations.Direction.ToString();
        Provider = operations.Provider.ToCmdlet();
        IsOffline = operations.IsOffline;
    }

    public string Revision { get; }

    public string Message { get; }

    public string Path { get; }

    /// <summary>'Upgrade' or 'Downgrade'.</summary>
    public string Direction { get; }

    public DatabaseProvider Provider { get; }

    /// <summary>True while -Script renders the revision: operations only write SQL and there is no connection.</summary>
    public bool IsOffline { get; }

    /// <summary>The revision's connection; operation cmdlets called before run first, so it sees their changes.</summary>
    public DbConnection? Connection => operations.Connection;

    public DbTransaction? Transaction => operations.Transaction;
}
