using System.Data.Common;
using PSMigrate.Engine.Operations;

namespace PSMigrate.Engine.Providers;

/// <summary>One database engine behind one interface; everything dialect-specific hangs off it.</summary>
public interface IMigrationProvider
{
    ProviderKind Kind { get; }

    ISqlDialect Dialect { get; }

    /// <summary>The dialect's SQL for PowerShell revisions' operations.</summary>
    ISchemaRenderer Schema { get; }

    /// <summary>Rows into a table through the driver's bulk path, inside the revision's transaction.</summary>
    long BulkInsert(DbConnection connection, DbTransaction? transaction, string table, IReadOnlyList<string> columns, IEnumerable<object?[]> rows);

    /// <summary>
    /// Prepares the connection for schema operations before the revision's transaction starts
    /// (SQLite: foreign keys off so a table rebuild cannot cascade); checked and undone by the scope.
    /// </summary>
    IRevisionScope BeginSchemaChanges(DbConnection connection);

    /// <summary>Makes the connection string independent of the current directory (SQLite file paths).</summary>
    string NormaliseConnectionString(string connectionString, string baseDirectory);

    /// <summary>The connection string with this user name and password put in (from -Credential).</summary>
    string WithCredential(string connectionString, string userName, string password);

    /// <summary>The connection string with every secret replaced, safe for any message.</summary>
    string Redact(string connectionString);

    /// <summary>Whether the database already exists, checked without creating it.</summary>
    bool DatabaseExists(string connectionString);

    DbConnection Open(string connectionString);

    DbTransaction BeginTransaction(DbConnection connection);

    /// <summary>
    /// Takes the database-wide deployment lock for a whole run, so two pipelines cannot both
    /// apply a revision; released when disposed.
    /// </summary>
    IDisposable AcquireRunLock(DbConnection connection, string connectionString, VersionTables tables, TimeSpan timeout, Action<string> waiting);
}
