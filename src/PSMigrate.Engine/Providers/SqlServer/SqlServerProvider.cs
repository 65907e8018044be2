using System.Data.Common;
using Microsoft.Data.SqlClient;

namespace PSMigrate.Engine.Providers.SqlServer;

/// <summary>
/// SQL Server through Microsoft.Data.SqlClient. TLS stays at the driver's default (Encrypt=true
/// with certificate validation); PSMigrate never turns it down.
/// </summary>
public sealed class SqlServerProvider : IMigrationProvider
{
    public ProviderKind Kind => ProviderKind.SqlServer;

    public ISqlDialect Dialect { get; } = new SqlServerDialect();

    public string NormaliseConnectionString(string connectionString, string baseDirectory) => Parse(connectionString).ConnectionString;

    public string WithCredential(string connectionString, string userName, string password)
    {
        var builder = Parse(connectionString);
        builder.UserID = userName;
        builder.Password = password;
        return builder.ConnectionString;
    }

    public string Redact(string connectionString)
    {
        try
        {
            var builder = new SqlConnectionStringBuilder(connectionString);
            if (!string.IsNullOrEmpty(builder.Password))
            {
                builder.Password = ConnectionStrings.Redacted;
            }

            return builder.ConnectionString;
        }
        catch (ArgumentException)
        {
            return ConnectionStrings.Redacted;
        }
    }

    public bool DatabaseExists(string connectionString) => true;

    public DbConnection Open(string connectionString)
    {
        var connection = new SqlConnection(connectionString);
        try
        {
            connection.Open();
            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    public DbTransaction BeginTransaction(DbConnection connection) => ((SqlConnection)connection).BeginTransaction();

    /// <summary>sp_getapplock owned by the session, on a resource named after the version table.</summary>
    public IDisposable AcquireRunLock(DbConnection connection, string connectionString, VersionTables tables, TimeSpan timeout, Action<string> waiting)
    {
        var resource = Dialect.Literal($"psmigrate:{tables.Schema}.{tables.VersionTable}");
        bool TryLock()
        {
            using var command = connection.CreateCommand();
            command.CommandText = $"DECLARE @result int; EXEC @result = sp_getapplock @Resource = {resource}, @LockMode = N'Exclusive', @LockOwner = N'Session', @LockTimeout = 0; SELECT @result;";
            return Convert.ToInt32(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture) >= 0;
        }

        void Unlock()
        {
            using var command = connection.CreateCommand();
            command.CommandText = $"EXEC sp_releaseapplock @Resource = {resource}, @LockOwner = N'Session';";
            command.ExecuteNonQuery();
        }

        return RunLock.Acquire(TryLock, Unlock, timeout, waiting, $"SQL Server database '{connection.Database}'");
    }

    private SqlConnectionStringBuilder Parse(string connectionString)
    {
        try
        {
            return new SqlConnectionStringBuilder(connectionString);
        }
        catch (ArgumentException error)
        {
            throw ConnectionStrings.Invalid(Kind, error, Redact(connectionString));
        }
    }
}
