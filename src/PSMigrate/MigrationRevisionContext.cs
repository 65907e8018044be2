using System.Data.Common;
using PSMigrate.Engine.Operations;
using PSMigrate.Engine.Revisions;

namespace PSMigrate.Commands;

/// <summary>
/// $Migration inside a PowerShell revision: which revision runs, which way, on what database,
/// and (online) its connection and transaction for code the operation cmdlets do not cover.
/// </summary>
public sealed class MigrationRevisionContext
{
    internal MigrationRevisionContext(MigrationRevision revision, Engine.MigrationDirection direction, OperationContext context)
    {
        Revision = revision.Revision;
        Message = revision.Message;
        Path = revision.Path;
        Direction = direction.ToString();
        Provider = context.Provider.Kind.ToCmdlet();
        IsOffline = context.IsOffline;
        Connection = context.Connection;
        Transaction = context.Transaction;
    }

    public string Revision { get; }
    public string Message { get; }
    public string Path { get; }

    /// <summary>'Upgrade' or 'Downgrade'.</summary>
    public string Direction { get; }

    public DatabaseProvider Provider { get; }

    /// <summary>True while -Script renders the revision: operations only write SQL and there is no connection.</summary>
    public bool IsOffline { get; }

    public DbConnection? Connection { get; }

    public DbTransaction? Transaction { get; }
}
